import type { ClockInfo } from '@shared/protocol';

/** The server's sense of time; simulated in demo mode so the demo can start in April 2024 and move faster. */
export interface Clock {
  now(): number;
  /** Simulated seconds per real second. */
  readonly rate: number;
  readonly simulated: boolean;
}

export const realClock: Clock = { now: () => Date.now(), rate: 1, simulated: false };

/** A clock that reads `start` now and runs `rate` times faster than real time. */
export function simulatedClock(start: number, rate: number, realNow: () => number = Date.now): Clock {
  const origin = realNow();
  return { now: () => start + (realNow() - origin) * rate, rate, simulated: true };
}

export function clockInfo(clock: Clock): ClockInfo {
  return { serverTime: new Date(clock.now()).toISOString(), clockRate: clock.rate, simulated: clock.simulated };
}
