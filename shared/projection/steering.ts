import type { DisplayCommand, StoredEvent } from '../events';

/** The wall's pages, in their default order: what `show_page` may show. */
export const WALL_PAGES = ['overview', 'localities', 'plan', 'models'] as const;
export type WallPage = (typeof WALL_PAGES)[number];

/** The target that reaches every wall. */
export const ALL_DISPLAYS = 'all';
/** The most targets whose commands are kept; the one commanded longest ago goes first. */
export const MAX_STEERED_TARGETS = 100;

interface Stamp {
  seq: number;
  /** `receivedAt` of the command: the server's clock. */
  at: string;
}

/** What the latest commands to one target say, one entry per aspect; a cleared aspect keeps its stamp. */
export interface TargetSteering {
  page?: Stamp & { page: string | null; seconds: number };
  pause?: Stamp & { paused: boolean };
  message?: Stamp & { text: string | null; seconds: number | null };
}

/** target (`all` or a wall's id) -> its standing commands. */
export type SteeringState = Record<string, TargetSteering>;

/** Records one command; `receivedAt` is already in UTC ISO form. */
export function applyCommand(state: SteeringState, event: DisplayCommand & StoredEvent, receivedAt: string): void {
  const target = (state[event.target] ??= {});
  const stamp = { seq: event.seq, at: receivedAt };
  switch (event.action) {
    case 'show_page':
      target.page = { ...stamp, page: event.page ?? null, seconds: event.seconds ?? 0 };
      break;
    case 'pause':
    case 'resume':
      target.pause = { ...stamp, paused: event.action === 'pause' };
      break;
    case 'message':
      target.message = { ...stamp, text: event.text ?? null, seconds: event.seconds ?? null };
      break;
    case 'clear':
      target.page = { ...stamp, page: null, seconds: 0 };
      target.message = { ...stamp, text: null, seconds: null };
      break;
  }
  const targets = Object.keys(state);
  if (targets.length > MAX_STEERED_TARGETS) {
    const latest = (t: TargetSteering) => Math.max(t.page?.seq ?? 0, t.pause?.seq ?? 0, t.message?.seq ?? 0);
    const oldest = targets.filter((t) => t !== ALL_DISPLAYS).sort((a, b) => latest(state[a]!) - latest(state[b]!))[0];
    if (oldest !== undefined) delete state[oldest];
  }
}

/** What one wall should do now. Times are the server's clock in ms. */
export interface Steering {
  /** A page shown on command, until `until`. */
  page: { page: string; until: number; seq: number } | null;
  paused: boolean;
  /** A full-screen message, until `until` (null: until cleared). */
  message: { text: string; until: number | null; seq: number } | null;
}

/**
 * What the commands to `all` and to `displayId` ask of that wall at `now` (server clock, ms).
 * For each aspect the later command wins. `rate` is the server clock's speed (simulated seconds
 * per real second): durations are real seconds, so a demo's fast clock does not shorten them.
 */
export function steeringFor(state: SteeringState | undefined, displayId: string | null, now: number, rate = 1): Steering {
  const own = displayId !== null && displayId !== ALL_DISPLAYS ? state?.[displayId] : undefined;
  const all = state?.[ALL_DISPLAYS];
  const pick = <K extends keyof TargetSteering>(key: K): TargetSteering[K] => {
    const a = all?.[key];
    const b = own?.[key];
    return !a ? b : !b ? a : a.seq > b.seq ? a : b;
  };
  const end = (at: string, seconds: number) => Date.parse(at) + seconds * 1000 * rate;
  const page = pick('page');
  const message = pick('message');
  return {
    page: page?.page && end(page.at, page.seconds) > now ? { page: page.page, until: end(page.at, page.seconds), seq: page.seq } : null,
    paused: pick('pause')?.paused ?? false,
    message:
      message?.text && (message.seconds === null || end(message.at, message.seconds) > now)
        ? { text: message.text, until: message.seconds === null ? null : end(message.at, message.seconds), seq: message.seq }
        : null,
  };
}
