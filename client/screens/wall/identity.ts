import { DisplayIdSchema } from '@shared/events';
import { ALL_DISPLAYS } from '@shared/projection';

/** How a wall is known at the desk: its id (what commands target) and a label for people. */
export interface WallIdentity {
  id: string;
  label: string;
}

const ID_KEY = 'ioc.wall.display';
const LABEL_KEY = 'ioc.wall.label';

/**
 * The wall's identity: `?display=<id>&label=<text>` when given (and remembered), else the one this
 * browser remembered, else a new random id kept from then on, so a wall that reloads stays the same wall.
 */
export function wallIdentity(search: string, storage: Storage, random: () => number = Math.random): WallIdentity {
  const params = new URLSearchParams(search);
  const asked = params.get('display');
  const valid = (id: string | null): id is string => id !== null && id !== ALL_DISPLAYS && DisplayIdSchema.safeParse(id).success;
  const kept = storage.getItem(ID_KEY);
  const id = valid(asked) ? asked : valid(kept) ? kept : `wall-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;
  storage.setItem(ID_KEY, id);
  // A label belongs to its id: another id starts with its own (the id itself, unless one is given).
  const label = params.get('label')?.trim().slice(0, 100) || (id === kept ? storage.getItem(LABEL_KEY) : null) || id;
  storage.setItem(LABEL_KEY, label);
  return { id, label };
}
