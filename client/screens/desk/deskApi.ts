import { DisplaysAnswerSchema, OperatorsAnswerSchema, WebhooksAnswerSchema, type ConnectedDisplay, type WebhookInfo } from '@shared/api';
import { call, type CallOptions } from '@shared/call';
import { writeEvent } from '../../data/writeEvent';

/** The calls the desk makes beyond the live state: writes, the walls connected, operators' names, webhooks. */
export class DeskApi {
  private readonly options: CallOptions;

  constructor(token: string, baseUrl = '') {
    this.options = { token, baseUrl };
  }

  /** Writes one event; resolves with its seq (also when it was stored before: a retry). */
  write(event: Record<string, unknown>): Promise<number> {
    return writeEvent(this.options, event);
  }

  async displays(): Promise<ConnectedDisplay[]> {
    return (await call(DisplaysAnswerSchema, this.options, { path: '/api/v1/displays' })).displays;
  }

  /** Token id -> label, to name who acknowledged. */
  async operators(): Promise<Map<string, string>> {
    return new Map((await call(OperatorsAnswerSchema, this.options, { path: '/api/v1/operators' })).operators.map((o) => [o.id, o.label]));
  }

  async webhooks(): Promise<WebhookInfo[]> {
    return (await call(WebhooksAnswerSchema, this.options, { path: '/api/v1/webhooks' })).webhooks;
  }
}
