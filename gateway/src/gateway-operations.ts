import { Problem } from '@travel-crm/contracts'
import { PROBLEM_CONTENT_TYPE, problemBody, type ProblemBody } from '@travel-crm/service-kit/http'

type Json = Record<string, unknown>

export function problemResponse (description: string, example: ProblemBody): Json {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem, example } } }
}

function json (description: string, schema: Json, example?: unknown): Json {
  return { description, content: { 'application/json': { schema, ...(example !== undefined ? { example } : {}) } } }
}

const Checks = { type: 'object', additionalProperties: { type: 'string' }, description: '`ok`, or `unavailable: <why>`, for each service' }

const RATE_LIMITED = problemResponse(
  'Too many requests from this address (`RATE_LIMIT_MAX` a minute)',
  problemBody(429, 'RATE_LIMITED', 'Too many requests; try again in 30 seconds', '/openapi.json')
)

function gatewayRoute (summary: string, operationId: string, description: string, responses: Json): Record<string, Json> {
  return { get: { tags: ['gateway'], summary, operationId, description: `**Public**: no token needed. ${description}`, security: [], responses } }
}

/** The gateway's own routes (every process of the stack has the first three). */
export const GATEWAY_OPERATIONS: Record<string, Record<string, Json>> = {
  '/healthz': gatewayRoute('Is the gateway alive', 'gatewayHealth', 'Answers as long as the process runs; for liveness probes.', {
    200: json('Alive', { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } }, { status: 'ok' })
  }),
  '/readyz': gatewayRoute('Is every service ready', 'gatewayReadiness', 'Ready when every service answers its own `/readyz` (its database and NATS) and the gateway has built its replica of who may still use their tokens; for load balancers.', {
    200: json('Every service is ready', {
      type: 'object',
      required: ['status', 'checks'],
      properties: { status: { type: 'string', enum: ['ready'] }, checks: Checks }
    }, { status: 'ready', checks: { auth: 'ok', crm: 'ok', billing: 'ok', reporting: 'ok', webhooks: 'ok', accounts: 'ok' } }),
    503: {
      description: 'Some service is not ready; `checks` says which',
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: { ...Problem, properties: { ...Problem.properties, checks: Checks } },
          example: {
            ...problemBody(503, 'NOT_READY', 'Some dependencies are unavailable', '/readyz'),
            checks: { auth: 'ok', crm: 'ok', billing: 'unavailable: fetch failed', reporting: 'ok', webhooks: 'ok' }
          }
        }
      }
    }
  }),
  '/metrics': gatewayRoute('Prometheus metrics', 'gatewayMetrics', 'Request durations by route and status, and the Node.js process metrics, for Prometheus to scrape with `Authorization: Bearer <METRICS_TOKEN>`; nobody else reads them.', {
    200: {
      description: 'Prometheus text exposition format',
      content: { 'text/plain': { schema: { type: 'string' }, example: 'http_request_duration_seconds_count{method="GET",route="/clients",status="200",service="gateway"} 42\n' } }
    },
    401: problemResponse('No token, or not the METRICS_TOKEN', problemBody(401, 'UNAUTHENTICATED', 'Metrics are for scrapers that hold METRICS_TOKEN: send it as a Bearer token', '/metrics'))
  }),
  '/live': {
    get: {
      tags: ['gateway'],
      summary: 'Live events for the web app (Server-Sent Events)',
      operationId: 'liveEvents',
      description: [
        '**Roles:** admin, agent, analyst. The event stream as Server-Sent Events, for screens to refresh what they show.',
        'Each event carries only what the caller\'s role may read through the API anyway: `crm.*` and `billing.*` for',
        'every role, `auth.*` and `webhooks.*` for admins only. Each message is `id: <stream sequence>`,',
        '`event: <subject>` and `data: {"type", "id", "subject", "data"}` (the CloudEvent\'s type, id, subject and',
        'payload); a comment line `: heartbeat` comes every `LIVE_HEARTBEAT_MS`. Send `Last-Event-ID` (the last `id`',
        'seen) to resume right after it; without it the stream starts with the next event. The stream ends when the',
        'access token expires: reconnect with a fresh one and `Last-Event-ID`.'
      ].join(' '),
      security: [{ bearerAuth: [] }],
      parameters: [{ name: 'last-event-id', in: 'header', required: false, description: 'the stream sequence of the last event seen', example: '42', schema: { type: 'string', pattern: '^\\d{1,15}$', examples: ['42'] } }],
      responses: {
        200: {
          description: 'An endless `text/event-stream`',
          content: {
            'text/event-stream': {
              schema: { type: 'string' },
              example: 'retry: 2000\n\nid: 42\nevent: billing.payment.recorded\ndata: {"type":"billing.payment.recorded","id":"0b6a…","subject":"payment/7","data":{"id":7,"invoice_id":3,"amount":"250.00"}}\n\n: heartbeat\n\n'
            }
          }
        },
        401: problemResponse('No token, or an invalid or expired one', problemBody(401, 'UNAUTHENTICATED', 'A valid access token is required', '/live')),
        429: RATE_LIMITED,
        503: problemResponse('The event stream is unreachable; the API still works, retry after `Retry-After` seconds', problemBody(503, 'LIVE_EVENTS_UNAVAILABLE', 'Live updates are unavailable right now', '/live'))
      }
    }
  },
  '/openapi.json': gatewayRoute('This OpenAPI document', 'openApiDocument', 'Every route of every service, with the roles that may call it; Swagger UI at `/docs` reads it.', {
    200: json('OpenAPI 3.1', { type: 'object', required: ['openapi', 'paths'] }),
    429: RATE_LIMITED,
    503: problemResponse(
      'A service did not give its own document, and the gateway has none from before',
      problemBody(503, 'UPSTREAM_UNAVAILABLE', 'The API document is incomplete: no document from crm yet', '/openapi.json')
    )
  }),
  '/asyncapi.json': gatewayRoute('The events, as AsyncAPI 3.0', 'asyncApiDocument', 'Every subject the services publish to the NATS JetStream stream, with its CloudEvents envelope and payload schema.', {
    200: json('AsyncAPI 3.0', { type: 'object', required: ['asyncapi', 'channels'] }),
    429: RATE_LIMITED
  })
}
