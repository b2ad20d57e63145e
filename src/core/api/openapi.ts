/**
 * The OpenAPI 3 document, generated from the REST route table and the zod schemas that validate requests (served
 * at GET /api/openapi.json). WebSocket messages are documented as component schemas (WsRequest_<type>,
 * WsMessage_<type>) plus an `x-websocket` extension listing every client message with its reply type.
 */
import { z } from 'zod';
import { FailureResponseSchema, QuoteSchema, WS_REQUESTS, WS_SERVER_PAYLOADS } from '../../common/apiMessages.js';
import { API_ROUTES, type RouteSpec } from '../../common/apiRoutes.js';
import { WS_PUSH_TYPES } from '../../common/wsPushes.js';
import {
  AccountSummarySchema,
  ConnectionHealthSchema,
  ExecutionReportSchema,
  OrderRequestSchema,
  OrderResponseSchema,
  OrderSchema,
  PositionSchema,
} from '../../common/contract.js';

const FAILURES: Record<string, string> = {
  '400': 'Validation error or malformed JSON (message + issues)',
  '401': 'Access token required',
  '403': 'Invalid or expired token, forbidden Host or Origin',
  '404': 'Not found',
  '429': 'Rate limited (Retry-After header)',
  '500': 'Internal server error (no details)',
  '503': 'TWS not connected',
};

/**
 * Async because the generator is loaded on the first request for the document, not at start: it is needed by
 * nobody else, and loading it with the proxy cost every start its time and memory (bench/README.md, start-up).
 */
export async function openApiDocument(version: string): Promise<unknown> {
  const { OpenAPIRegistry, OpenApiGeneratorV3 } = await import('@asteasolutions/zod-to-openapi');
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  // Components are named with zod's own .meta({id}) (zod v4 schemas made before extendZodWithOpenApi cannot
  // take .openapi()), and handed to the generator next to the registry's definitions.
  const components: z.ZodType[] = [];
  const register = <S extends z.ZodType>(id: string, schema: S): S => {
    const named = schema.meta({ id }) as S;
    components.push(named);
    return named;
  };
  const failure = register('Failure', FailureResponseSchema);
  const named: Array<[string, z.ZodType]> = [
    ['OrderRequest', OrderRequestSchema],
    ['Order', OrderSchema],
    ['OrderResponse', OrderResponseSchema],
    ['IBKRPosition', PositionSchema],
    ['ExecutionReport', ExecutionReportSchema],
    ['AccountSummary', AccountSummarySchema],
    ['ConnectionHealth', ConnectionHealthSchema],
    ['Quote', QuoteSchema],
  ];
  for (const [name, schema] of named) register(name, schema);

  // Every REST route, from the table the routers are mounted by (src/common/apiRoutes.ts).
  for (const [name, r] of Object.entries(API_ROUTES) as Array<[string, RouteSpec]>) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {
      '200': { description: 'Success', content: { 'application/json': { schema: r.response } } },
    };
    for (const [code, description] of Object.entries(FAILURES)) {
      if (r.auth === false && (code === '401' || code === '503')) continue;
      responses[code] = { description, content: { 'application/json': { schema: failure } } };
    }
    registry.registerPath({
      method: r.method,
      path: r.path,
      operationId: name,
      summary: r.summary,
      ...(r.auth === false ? {} : { security: [{ [bearer.name]: [] }] }),
      request: {
        ...(r.body ? { body: { content: { 'application/json': { schema: r.body } } } } : {}),
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.headers ? { headers: r.headers } : {}),
      },
      responses,
    });
  }

  // WebSocket: every client request and every server message as a component schema.
  const wsRequests: Record<string, { payload: string; reply: string }> = {};
  for (const [type, spec] of Object.entries(WS_REQUESTS)) {
    const name = `WsRequest_${type}`;
    register(
      name,
      z.object({ id: z.union([z.string(), z.number()]), type: z.literal(type), payload: spec.payload, timestamp: z.unknown().optional() }),
    );
    wsRequests[type] = { payload: `#/components/schemas/${name}`, reply: spec.reply };
  }
  const wsMessages: Record<string, string> = {};
  for (const [type, payload] of Object.entries(WS_SERVER_PAYLOADS)) {
    const name = `WsMessage_${type}`;
    register(name, z.object({ id: z.union([z.string(), z.number()]), type: z.literal(type), payload, timestamp: z.string() }));
    wsMessages[type] = `#/components/schemas/${name}`;
  }

  const doc = new OpenApiGeneratorV3([
    ...registry.definitions,
    ...components.map((schema) => ({ type: 'schema' as const, schema })),
  ]).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Edgerunner IBKR Desktop Proxy',
      version,
      description:
        'Local REST + WebSocket API bridging the Edgerunner frontend to Interactive Brokers TWS. ' +
        'REST envelope: {"success": true, ...} or {"success": false, "message"}. ' +
        'WebSocket at ws://127.0.0.1:3001/ws: frames {id, type, payload, timestamp}; direct replies echo the request id. ' +
        'See x-websocket and the WsRequest_* / WsMessage_* schemas, and docs/api.md.',
    },
    servers: [{ url: 'http://127.0.0.1:3001' }],
  });
  return {
    ...doc,
    'x-websocket': {
      path: '/ws',
      authentication: 'send {"type":"authenticate","payload":{"token":"<JWT>"}} first; everything else is refused until then',
      requests: wsRequests,
      messages: wsMessages,
      pushes: WS_PUSH_TYPES,
    },
  };
}
