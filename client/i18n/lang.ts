import type { Catalog } from '@shared/catalog';
import { messagesFor, type Messages } from './index';
import { namesFor, type Names } from './names';

/**
 * What a panel needs to put the state into words: the messages of one language, the config's
 * names in it, and the province's time zone. One object per (config, language), so panels
 * fed with it can skip re-rendering by identity.
 */
export interface Lang {
  code: string;
  t: Messages;
  names: Names;
  timeZone: string;
  catalog: Catalog;
}

const cache = new WeakMap<Catalog, Map<string, Lang>>();

/** The Lang for `catalog` in language `code` (Vietnamese when unknown); the same object every time. */
export function langFor(catalog: Catalog, code: string | null): Lang {
  const { code: resolved, messages } = messagesFor(code);
  let byCode = cache.get(catalog);
  if (!byCode) {
    byCode = new Map();
    cache.set(catalog, byCode);
  }
  let lang = byCode.get(resolved);
  if (!lang) {
    lang = { code: resolved, t: messages, names: namesFor(catalog, resolved), timeZone: catalog.config.province.timeZone, catalog };
    byCode.set(resolved, lang);
  }
  return lang;
}
