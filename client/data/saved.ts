import { ProvinceConfigSchema, type ProvinceConfig } from '@shared/config';
import { PROJECTION_VERSION, type Projection } from '@shared/projection';

/** When the saved state was last known current, and the server's clock then: the banner's "as of" after a reload. */
export interface SavedClock {
  lastContact: number;
  serverTime: number;
  clockAt: number;
  clockRate: number;
  simulated: boolean;
}

/** The last known state, kept in the browser so a reload draws at once, before it connects. */
export interface SavedState {
  /** The PROJECTION_VERSION it was written with: a state of another version is never drawn. */
  projectionVersion: number;
  /** The config's version: a server with another config makes the client drop the state. */
  configVersion: string;
  config: ProvinceConfig;
  epoch: string;
  projection: Projection;
  clock: SavedClock;
}

export const SAVED_KEY = 'ioc.live.v3';
/** Keys of earlier versions, removed when found: they carry no config or projection version. */
const OLD_KEYS = ['ioc.live.v2'];

/** The saved state, or null (and it is removed) when there is none, it does not parse, or it is of another projection version. */
export function readSaved(storage: Storage, key = SAVED_KEY): SavedState | null {
  for (const old of OLD_KEYS) storage.removeItem(old);
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    const saved = JSON.parse(raw) as Partial<SavedState>;
    const fits = saved.projectionVersion === PROJECTION_VERSION && typeof saved.configVersion === 'string' && typeof saved.epoch === 'string' && typeof saved.projection?.seq === 'number' && typeof saved.clock?.lastContact === 'number';
    if (!fits) throw new Error('another version');
    return { ...(saved as SavedState), config: ProvinceConfigSchema.parse(saved.config) };
  } catch {
    storage.removeItem(key);
    return null;
  }
}

/** Saves the state; a full or disabled storage only means the next reload cannot draw before it connects. */
export function writeSaved(storage: Storage, state: SavedState, key = SAVED_KEY): void {
  try {
    storage.setItem(key, JSON.stringify(state));
  } catch {
    // Storage full or disabled.
  }
}

export function clearSaved(storage: Storage, key = SAVED_KEY): void {
  storage.removeItem(key);
}
