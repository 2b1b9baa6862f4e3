import type { Messages } from './locales/vi';

export type { Messages };

interface LocaleModule {
  default: { code: string; messages: Messages };
}

// Every file in locales/ is a language: adding one is adding a file.
const modules = import.meta.glob<LocaleModule>('./locales/*.ts', { eager: true });
const languages = new Map(Object.values(modules).map((m) => [m.default.code, m.default.messages]));

export const DEFAULT_LANGUAGE = 'vi';

/** The messages for `code`, or Vietnamese when there is no such language. */
export function messagesFor(code: string | null): { code: string; messages: Messages } {
  const found = code ? languages.get(code) : undefined;
  return found ? { code: code!, messages: found } : { code: DEFAULT_LANGUAGE, messages: languages.get(DEFAULT_LANGUAGE)! };
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
