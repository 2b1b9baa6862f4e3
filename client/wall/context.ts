import { createContext, useContext } from 'react';
import type { Catalog } from '@shared/catalog';
import type { StateView } from '@shared/projection';
import type { Messages } from '../i18n';
import type { Names } from './names';

/** What every panel draws from: the derived state, the config, the language and the clock. */
export interface WallData {
  state: StateView;
  catalog: Catalog;
  t: Messages;
  lang: string;
  names: Names;
  now: number;
  timeZone: string;
}

export const WallContext = createContext<WallData | null>(null);

export function useWall(): WallData {
  const data = useContext(WallContext);
  if (!data) throw new Error('useWall outside the wall');
  return data;
}

export const STATUS_COLOURS = { ok: '#22c55e', warn: '#f59e0b', bad: '#ef4444', nodata: '#475569' } as const;
