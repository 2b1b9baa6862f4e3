import { z } from 'zod';
import { ProvinceConfigSchema, type ProvinceConfig } from '@shared/config';
import { ErrorBodySchema, type ErrorCode } from '@shared/errors';
import { ReadEventSchema, type ReadEvent } from '@shared/events';
import type { StateView } from '@shared/projection';

// Every HTTP call the screens make, typed once: answers are parsed, errors carry the contract's code.

/** Why a call failed: the contract's error code, or `network` (no answer) or `bad_answer` (an answer that does not parse). */
export type ApiErrorCode = ErrorCode | 'network' | 'bad_answer';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    message: string,
    /** From `Retry-After` (429, 503), in ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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

export interface ApiOptions {
  token: string;
  /** Where the server is; the page's own origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** The `/api/v1` calls a screen makes, with its token. */
export class Api {
  constructor(private readonly options: ApiOptions) {}

  /** The province config in force and its version. */
  async config(): Promise<ConfigAnswer> {
    const res = await this.get('/api/v1/config');
    return { config: await parsed(res, ProvinceConfigSchema), version: res.headers.get('x-config-version') };
  }

  /** The state now, or as it was after event `seq` or at a time. */
  async state(pin?: Pin): Promise<StateAnswer> {
    const query = pin === undefined ? '' : 'seq' in pin ? `?seq=${pin.seq}` : `?at=${encodeURIComponent(pin.at)}`;
    const answer = await parsed(await this.get(`/api/v1/state${query}`), StateAnswerSchema);
    // Checked above for what screens read; the rest of the shape is derive()'s, on both sides.
    return answer as unknown as StateAnswer;
  }

  /** A page of the log: the events after `after`, at most `limit`. */
  async events(after: number, limit = 1000): Promise<EventsPage> {
    const page = await parsed(await this.get(`/api/v1/events?after=${after}&limit=${limit}`), EventsPageSchema);
    return page as EventsPage;
  }

  private async get(path: string): Promise<Response> {
    const fetcher = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await fetcher(`${this.options.baseUrl ?? ''}${path}`, { headers: { authorization: `Bearer ${this.options.token}` } });
    } catch (err) {
      throw new ApiError('network', 0, `No answer from the server: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }
}

async function parsed<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiError('bad_answer', res.status, 'The server answered with something that is not JSON.');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiError('bad_answer', res.status, `Unexpected answer: ${result.error.issues[0]?.message ?? 'wrong shape'}`);
  return result.data;
}

/** The contract's error from an answer that is not 2xx (a proxy's page without one gives `internal`). */
export async function errorOf(res: Response): Promise<ApiError> {
  const seconds = Number(res.headers.get('retry-after'));
  const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy or an old server
  }
  const parsedBody = ErrorBodySchema.safeParse(body);
  if (parsedBody.success) return new ApiError(parsedBody.data.error.code, res.status, parsedBody.data.error.message, retryAfterMs);
  return new ApiError(res.status === 401 ? 'unauthorized' : res.status === 503 ? 'store_unavailable' : 'internal', res.status, `HTTP ${res.status}`, retryAfterMs);
}
