import type { ItemStatus } from '../config';

/** One progress report as the forecast needs it: when it happened and the percent it gave. */
export interface ProgressPoint {
  at: string;
  percent: number;
}

export interface ItemProgress {
  status: ItemStatus;
  percent: number;
  note?: string;
  /** When the latest progress report happened (or the config's `initial.at`); null while at an undated planned start. */
  updatedAt: string | null;
  /** The latest reports, oldest first, at most `MAX_PROGRESS_HISTORY`: the forecast's input. */
  history: ProgressPoint[];
}
