import { z } from 'zod';
import { DisplaysAnswerSchema, OperatorsAnswerSchema, TokenCreateSchema, TokenInfoSchema, TokenIssuedSchema, WebhooksAnswerSchema } from '@shared/api';
import { ProvinceConfigSchema } from '@shared/config';
import { ErrorBodySchema, ERROR_STATUS, type ErrorCode } from '@shared/errors';
import { AppendResponseSchema, EventSchema, EventsBatchSchema, MAX_BATCH, RedactedEventSchema, StoredEventSchema } from '@shared/events';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io });
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'unauthorized: no token, or an unknown or revoked one',
  rate_limited:
    'rate_limited: more than IOC_RATE_LIMIT requests a second with this token, or more than 20 requests with unknown tokens a second from this client address (X-Forwarded-For counts only from IOC_TRUST_PROXY)',
  store_unavailable: 'store_unavailable: the store cannot be reached; nothing was stored',
};
const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } };
const errors = (...codes: ErrorCode[]) =>
  Object.fromEntries(
    codes.map((code) => [String(ERROR_STATUS[code]), { description: DESCRIPTIONS[code] ?? code, content: json('Error'), ...(code === 'rate_limited' || code === 'store_unavailable' ? { headers: retryAfter } : {}) }]),
  );
/** Every call with a token can meet these: no or an unknown token, and the two request budgets. */
const authErrors = ['unauthorized', 'rate_limited'] as const;
const secured = [{ bearer: [] }];

/** Each operation's id: the method name a generated client gets (stable: units' code calls it). */
const OPERATION_IDS: Record<string, string> = {
  'post /api/v1/events': 'writeEvents',
  'get /api/v1/events': 'readEvents',
  'get /api/v1/state': 'getState',
  'get /api/v1/map.geojson': 'getProvinceMap',
  'get /api/v1/config': 'getConfig',
  'post /api/v1/tokens': 'issueToken',
  'get /api/v1/tokens': 'listTokens',
  'delete /api/v1/tokens/{id}': 'revokeToken',
  'get /api/v1/me': 'getMe',
  'get /api/v1/audit': 'getAudit',
  'get /api/v1/health': 'getHealth',
  'get /api/v1/displays': 'listDisplays',
  'get /api/v1/operators': 'listOperators',
  'get /api/v1/webhooks': 'getWebhooks',
  'get /api/v1/openapi.json': 'getOpenApi',
  'get /healthz': 'healthz',
  'get /readyz': 'readyz',
  'get /metrics': 'metrics',
};
/** Operations without a token: they say so (`security: []`), as the linter and generated clients need. */
const PUBLIC = new Set(['/api/v1/openapi.json', '/api/v1/map.geojson', '/healthz', '/readyz', '/metrics']);

/** The API as OpenAPI 3.1, with its bodies generated from the same zod schemas the server validates with. */
export function openApiDocument(): Record<string, unknown> {
  const document = apiDocument();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      operation.operationId = OPERATION_IDS[`${method} ${path}`] ?? `${method}${path.replace(/[^A-Za-z0-9]+/g, '_')}`;
      if (PUBLIC.has(path)) {
        operation.security = [];
        operation.responses['4XX'] ??= { description: 'Not expected from this server: a proxy in front may answer one' };
      }
    }
  }
  return document;
}

type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, unknown> } & Record<string, unknown>;

function apiDocument(): { paths: Record<string, Record<string, Operation>> } & Record<string, unknown> {
  return {
    openapi: '3.1.0',
    servers: [{ url: '/', description: 'The server that serves this document (the API is under /api/v1)' }],
    info: {
      title: 'IOC Wall API',
      version: '1',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      description:
        'Units write status events; displays read state and live updates (Socket.IO). `token.issued` and `token.revoked` events are written by the server only (the audit of token changes); a POST of them is refused with 400. ' +
        'Who reads what: `token.*` events reach admin tokens in full, `webhook.*` events admin and operator tokens; every other reader gets them redacted to `{ seq, type, at, receivedAt }` (GET /api/v1/events and Socket.IO), so seq has no gap. ' +
        'The state never carries token details, and for unit and viewer tokens its `webhooks` ledger is empty. The audit is for admins; a unit token reads its own unit\'s writes.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Event: schema(EventSchema, 'input'),
        EventBatch: { ...schema(EventsBatchSchema, 'input'), properties: { events: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/Event' } } } },
        StoredEvent: schema(StoredEventSchema),
        RedactedEvent: { ...schema(RedactedEventSchema), description: 'Operator data (token.*, webhook.*) for a reader whose role may not read it: its place in the log only' },
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
            ...errors('invalid_event', ...authErrors, 'forbidden', 'id_conflict', 'payload_too_large', 'unsupported_media_type', 'store_unavailable'),
          },
        },
        get: {
          summary: 'Read the log after a seq',
          security: secured,
          parameters: [
            { name: 'after', in: 'query', description: 'a seq, decimal digits only', schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'limit', in: 'query', description: 'decimal digits only', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          ],
          responses: {
            '200': {
              description: 'A page of stored events; token.* (but for admin tokens) and webhook.* (but for admin and operator tokens) redacted',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['epoch', 'next', 'events'],
                    properties: { epoch: { type: 'string' }, next: { type: 'integer' }, events: { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/StoredEvent' }, { $ref: '#/components/schemas/RedactedEvent' }] } } },
                  },
                },
              },
            },
            ...errors('invalid_request', ...authErrors, 'store_unavailable'),
          },
        },
      },
      '/api/v1/state': {
        get: {
          summary: 'The state now, or at a past time or seq',
          security: secured,
          parameters: [
            { name: 'at', in: 'query', description: 'ISO 8601 time with an offset, from 2000-01-01 on', schema: { type: 'string', format: 'date-time' } },
            { name: 'seq', in: 'query', description: 'decimal digits only (no sign, exponent or hex)', schema: { type: 'integer', minimum: 0 } },
          ],
          responses: {
            '200': {
              description: '{ epoch, seq, asOf, state }; the state of a unit or viewer token has an empty webhooks ledger',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['epoch', 'seq', 'asOf', 'state'],
                    properties: { epoch: { type: 'string' }, seq: { type: 'integer', minimum: 0 }, asOf: { type: ['string', 'null'], format: 'date-time' }, state: { type: 'object', additionalProperties: true } },
                  },
                },
              },
            },
            ...errors('invalid_request', ...authErrors, 'store_unavailable'),
          },
        },
      },
      '/api/v1/config': {
        get: {
          summary: 'The province config in force',
          security: secured,
          responses: {
            '200': {
              description: 'config',
              content: json('ProvinceConfig'),
              headers: { 'X-Config-Version': { description: 'Version (hash) of this config: the same `configVersion` that Socket.IO snapshots carry', schema: { type: 'string' } } },
            },
            ...errors(...authErrors),
          },
        },
      },
      '/api/v1/tokens': {
        post: {
          summary: 'Issue a token (admin); the secret is shown once',
          security: secured,
          requestBody: { required: true, content: json('TokenCreate') },
          responses: { '201': { description: 'issued', content: json('TokenIssued') }, ...errors('invalid_request', ...authErrors, 'forbidden') },
        },
        get: {
          summary: 'List tokens without secrets (admin)',
          security: secured,
          responses: {
            '200': { description: 'tokens', content: { 'application/json': { schema: { type: 'object', properties: { tokens: { type: 'array', items: { $ref: '#/components/schemas/TokenInfo' } } } } } } },
            ...errors(...authErrors, 'forbidden'),
          },
        },
      },
      '/api/v1/tokens/{id}': {
        delete: {
          summary: 'Revoke a token at once (admin); its sockets are disconnected',
          security: secured,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'revoked' }, ...errors(...authErrors, 'forbidden', 'not_found') },
        },
      },
      '/api/v1/me': {
        get: {
          summary: 'Whose token this is (any token)',
          security: secured,
          responses: {
            '200': { description: '{ tokenId, role, unit?, label }', content: { 'application/json': { schema: { type: 'object', required: ['tokenId', 'role', 'label'], properties: { tokenId: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, label: { type: 'string' } } } } } },
            ...errors('unauthorized'),
          },
        },
      },
      '/api/v1/audit': {
        get: {
          summary: "The audit trail (admin): every write and token change with who and when; a unit token gets its own unit's history",
          description:
            'Events of the log in seq order, each with `who` (token id, label, role, unit, revoked). `after` pages oldest first; `before` (or neither) newest first. ' +
            'One request looks at no more than 20,000 events: a rare filter may answer a short page with `next` to continue from; `next` is null at the end.',
          security: secured,
          parameters: [
            { name: 'after', in: 'query', schema: { type: 'integer', minimum: 0 } },
            { name: 'before', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
            { name: 'unit', in: 'query', description: 'written by, reported about, or a token of this unit', schema: { type: 'string' } },
            { name: 'token', in: 'query', description: 'written by, issued as or revoked: this token id', schema: { type: 'string' } },
            { name: 'type', in: 'query', description: 'event types, comma-separated (token.issued, token.revoked, indicator.reported, ...)', schema: { type: 'string' } },
            { name: 'from', in: 'query', description: 'stored at or after (ISO time)', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', description: 'stored at or before (ISO time)', schema: { type: 'string', format: 'date-time' } },
          ],
          responses: {
            '200': {
              description: '{ epoch, order, entries: [{ seq, receivedAt, who, event }], next, scanned }',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      epoch: { type: 'string' },
                      order: { enum: ['oldest-first', 'newest-first'] },
                      next: { type: ['integer', 'null'] },
                      scanned: { type: 'integer' },
                      entries: { type: 'array', items: { type: 'object', properties: { seq: { type: 'integer' }, receivedAt: { type: 'string' }, who: { type: 'object', additionalProperties: true }, subject: { type: 'object', additionalProperties: true }, event: { $ref: '#/components/schemas/StoredEvent' } } } },
                    },
                  },
                },
              },
            },
            ...errors('invalid_request', 'unauthorized', 'forbidden', 'store_unavailable'),
          },
        },
      },
      '/api/v1/health': {
        get: {
          summary: 'Health for admins: store and its persistence, nodes and their displays, follower lag, event rate, last report per unit',
          security: secured,
          responses: {
            '200': {
              description: 'HealthReport',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['now', 'store', 'node', 'nodes', 'rate', 'units'],
                    properties: { now: { type: 'string', format: 'date-time' }, store: { type: 'object', additionalProperties: true }, node: { type: 'object', additionalProperties: true }, nodes: { type: 'array', items: { type: 'object', additionalProperties: true } }, rate: { type: 'object', additionalProperties: true }, units: { type: 'array', items: { type: 'object', additionalProperties: true } } },
                  },
                },
              },
            },
            ...errors('unauthorized', 'forbidden'),
          },
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
      '/api/v1/map.geojson': { get: { summary: "The province's own map (config `map`): a GeoJSON FeatureCollection of its units, no token needed", responses: { '200': { description: 'application/geo+json' }, '404': { description: 'The config names no map: screens draw the tile grid' } } } },
      '/healthz': { get: { summary: 'The process is alive', responses: { '200': { description: 'alive' } } } },
      '/readyz': { get: { summary: 'The store is reachable and the log loaded', responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text format' } } } },
    },
  };
}
