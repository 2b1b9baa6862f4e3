import { z } from 'zod';
import { ProvinceConfigSchema, type ProvinceConfig } from '@shared/config';
import { ReadEventSchema, type ReadEvent } from '@shared/events';
import type { StateView } from '@shared/projection';
import { call, exchange, type CallOptions } from '@shared/call';

// The `/api/v1` reads the live screens make; every call goes through `call` (shared/call.ts).

export interface ConfigAnswer {
  config: ProvinceConfig;
  /** The `X-Config-Version` header: the same fingerprint snapshots carry; null from a server that does not send it. */
  version: string | null;
}

/** A past position to ask the state at: after event `seq`, or at an instant (ISO 8601 with offset). */
export type Pin = { seq: number } | { at: string };

export interface StateAnswer {
  epoch: string;
  seq: number;
  asOf: string | null;
  state: StateView;
}

export interface EventsPage {
  epoch: string;
  events: ReadEvent[];
  next: number;
}

// The state is checked for the parts a screen relies on; the rest is the server's derive() output.
const StateAnswerSchema = z.object({
  epoch: z.string(),
  seq: z.int().min(0),
  asOf: z.string().nullable(),
  state: z.looseObject({
    seq: z.int().min(0),
    now: z.string(),
    indicators: z.record(z.string(), z.looseObject({ status: z.string(), byScope: z.record(z.string(), z.unknown()) })),
    items: z.record(z.string(), z.looseObject({ status: z.string(), percent: z.number(), due: z.string() })),
    units: z.record(z.string(), z.unknown()),
    alerts: z.array(z.looseObject({ id: z.string(), kind: z.string() })),
    counters: z.record(z.string(), z.unknown()),
    recent: z.array(z.unknown()),
  }),
});

const EventsPageSchema = z.object({ epoch: z.string(), events: z.array(ReadEventSchema), next: z.int().min(0) });

export type ApiOptions = CallOptions;

/** The `/api/v1` calls a screen makes, with its token. */
export class Api {
  constructor(private readonly options: ApiOptions) {}

  /** The province config in force and its version. */
  async config(): Promise<ConfigAnswer> {
    const { body, headers } = await exchange(ProvinceConfigSchema, this.options, { path: '/api/v1/config' });
    return { config: body, version: headers.get('x-config-version') };
  }

  /** The state now, or as it was after event `seq` or at a time. */
  async state(pin?: Pin): Promise<StateAnswer> {
    const query = pin === undefined ? '' : 'seq' in pin ? `?seq=${pin.seq}` : `?at=${encodeURIComponent(pin.at)}`;
    const answer = await call(StateAnswerSchema, this.options, { path: `/api/v1/state${query}` });
    // Checked above for what screens read; the rest of the shape is derive()'s, on both sides.
    return answer as unknown as StateAnswer;
  }

  /** A page of the log: the events after `after`, at most `limit`. */
  events(after: number, limit = 1000): Promise<EventsPage> {
    return call(EventsPageSchema, this.options, { path: `/api/v1/events?after=${after}&limit=${limit}` });
  }
}
