import type { z } from 'zod';
import { DisplaysAnswerSchema, OperatorsAnswerSchema, WebhooksAnswerSchema, type ConnectedDisplay, type WebhookInfo } from '@shared/api';
import { AppendResponseSchema } from '@shared/events';
import { ApiError, errorOf } from '../../data/api';

/** The calls the desk makes beyond the live state: writes, the walls connected, operators' names, webhooks. */
export class DeskApi {
  constructor(
    private readonly token: string,
    private readonly baseUrl = '',
  ) {}

  /** Writes one event; resolves with its seq (also when it was stored before: a retry). */
  async write(event: Record<string, unknown>): Promise<number> {
    const answer = await this.call('/api/v1/events', AppendResponseSchema, { method: 'POST', body: JSON.stringify(event), headers: { 'content-type': 'application/json' } });
    const stored = answer.accepted[0] ?? answer.duplicates[0];
    if (!stored) throw new ApiError('bad_answer', 202, 'The server stored nothing.');
    return stored.seq;
  }

  async displays(): Promise<ConnectedDisplay[]> {
    return (await this.call('/api/v1/displays', DisplaysAnswerSchema)).displays;
  }

  /** Token id -> label, to name who acknowledged. */
  async operators(): Promise<Map<string, string>> {
    return new Map((await this.call('/api/v1/operators', OperatorsAnswerSchema)).operators.map((o) => [o.id, o.label]));
  }

  async webhooks(): Promise<WebhookInfo[]> {
    return (await this.call('/api/v1/webhooks', WebhooksAnswerSchema)).webhooks;
  }

  private async call<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.token}` } });
    } catch (err) {
      throw new ApiError('network', 0, `No answer from the server: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) throw await errorOf(res);
    const parsed = schema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new ApiError('bad_answer', res.status, 'Unexpected answer from the server.');
    return parsed.data;
  }
}
