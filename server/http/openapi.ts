import { z } from 'zod';
import { DisplaysAnswerSchema, OperatorsAnswerSchema, TokenCreateSchema, TokenInfoSchema, TokenIssuedSchema, WebhooksAnswerSchema } from '@shared/api';
import { ProvinceConfigSchema } from '@shared/config';
import { ErrorBodySchema, ERROR_STATUS, type ErrorCode } from '@shared/errors';
import { AppendResponseSchema, EventSchema, EventsBatchSchema, MAX_BATCH, StoredEventSchema } from '@shared/events';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io });
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const errors = (...codes: ErrorCode[]) =>
  Object.fromEntries(codes.map((code) => [String(ERROR_STATUS[code]), { description: code, content: json('Error') }]));
const secured = [{ bearer: [] }];

/** The API as OpenAPI 3.1, with its bodies generated from the same zod schemas the server validates with. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'IOC Wall API', version: '1', description: 'Units write status events; displays read state and live updates (Socket.IO).' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Event: schema(EventSchema, 'input'),
        EventBatch: { ...schema(EventsBatchSchema, 'input'), properties: { events: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/Event' } } } },
        StoredEvent: schema(StoredEventSchema),
        AppendResponse: schema(AppendResponseSchema),
        Error: schema(ErrorBodySchema),
        TokenCreate: schema(TokenCreateSchema, 'input'),
        TokenInfo: schema(TokenInfoSchema),
        TokenIssued: schema(TokenIssuedSchema),
        ProvinceConfig: schema(ProvinceConfigSchema),
        Displays: schema(DisplaysAnswerSchema),
        Operators: schema(OperatorsAnswerSchema),
        Webhooks: schema(WebhooksAnswerSchema),
      },
    },
    paths: {
      '/api/v1/events': {
        post: {
          summary: 'Write one event or a batch of 1 to 500 (all or nothing); webhook.* events are written by the server only and refused here',
          security: secured,
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Event' }, { $ref: '#/components/schemas/EventBatch' }] } } } },
          responses: {
            '202': { description: 'Every event is stored', content: json('AppendResponse') },
            ...errors('invalid_event', 'unauthorized', 'forbidden', 'id_conflict', 'payload_too_large', 'unsupported_media_type', 'rate_limited', 'store_unavailable'),
          },
        },
        get: {
          summary: 'Read the log after a seq',
          security: secured,
          parameters: [
            { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          ],
          responses: {
            '200': {
              description: 'A page of stored events',
              content: { 'application/json': { schema: { type: 'object', properties: { epoch: { type: 'string' }, next: { type: 'integer' }, events: { type: 'array', items: { $ref: '#/components/schemas/StoredEvent' } } } } } },
            },
            ...errors('invalid_request', 'unauthorized', 'store_unavailable'),
          },
        },
      },
      '/api/v1/state': {
        get: {
          summary: 'The state now, or at a past time or seq',
          security: secured,
          parameters: [
            { name: 'at', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'seq', in: 'query', schema: { type: 'integer', minimum: 0 } },
          ],
          responses: {
            '200': { description: '{ epoch, seq, asOf, state }', content: { 'application/json': { schema: { type: 'object', required: ['epoch', 'seq', 'asOf', 'state'] } } } },
            ...errors('invalid_request', 'unauthorized', 'store_unavailable'),
          },
        },
      },
      '/api/v1/config': { get: { summary: 'The province config in force', security: secured, responses: { '200': { description: 'config', content: json('ProvinceConfig') }, ...errors('unauthorized') } } },
      '/api/v1/tokens': {
        post: {
          summary: 'Issue a token (admin); the secret is shown once',
          security: secured,
          requestBody: { required: true, content: json('TokenCreate') },
          responses: { '201': { description: 'issued', content: json('TokenIssued') }, ...errors('invalid_request', 'unauthorized', 'forbidden') },
        },
        get: {
          summary: 'List tokens without secrets (admin)',
          security: secured,
          responses: {
            '200': { description: 'tokens', content: { 'application/json': { schema: { type: 'object', properties: { tokens: { type: 'array', items: { $ref: '#/components/schemas/TokenInfo' } } } } } } },
            ...errors('unauthorized', 'forbidden'),
          },
        },
      },
      '/api/v1/tokens/{id}': {
        delete: {
          summary: 'Revoke a token at once (admin); its sockets are disconnected',
          security: secured,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'revoked' }, ...errors('unauthorized', 'forbidden', 'not_found') },
        },
      },
      '/api/v1/displays': {
        get: {
          summary: 'The walls connected to any node now: label, node, page, connected since, last heartbeat (operator, admin)',
          security: secured,
          responses: { '200': { description: 'walls', content: json('Displays') }, ...errors('unauthorized', 'forbidden', 'store_unavailable') },
        },
      },
      '/api/v1/operators': {
        get: {
          summary: "Operators' and admins' token ids and labels, to name who acknowledged an alert (operator, admin)",
          security: secured,
          responses: { '200': { description: 'operators', content: json('Operators') }, ...errors('unauthorized', 'forbidden') },
        },
      },
      '/api/v1/webhooks': {
        get: {
          summary: 'The configured webhooks (URL origin only), their totals, and deliveries waiting and recent (operator, admin)',
          security: secured,
          responses: { '200': { description: 'webhooks', content: json('Webhooks') }, ...errors('unauthorized', 'forbidden', 'store_unavailable') },
        },
      },
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/healthz': { get: { summary: 'The process is alive', responses: { '200': { description: 'alive' } } } },
      '/readyz': { get: { summary: 'The store is reachable and the log loaded', responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text format' } } } },
    },
  };
}
