import swagger from '@fastify/swagger'
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify'
import { findPolicy, Problem, type RoutePolicy, type ServiceName } from '@travel-crm/contracts'
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.js'

type Responses = Record<string, unknown>

/** What each problem status means on this API, with the code and detail of a real example. */
const PROBLEMS: Record<number, { description: string, code: string, detail: string }> = {
  400: { description: 'Bad input: the body, path or query does not fit the schema; `errors[]` names each field', code: 'VALIDATION_FAILED', detail: '%s' },
  401: { description: 'No valid access token: missing, expired, malformed or not signed by auth', code: 'UNAUTHENTICATED', detail: 'This route needs a Bearer access token' },
  403: { description: 'The token is valid but its role may not call this route', code: 'FORBIDDEN', detail: 'Your role may not %s' },
  404: { description: 'Nothing with this id; `code` names what is missing, under the service\'s prefix', code: '%S_%T_NOT_FOUND', detail: '%s 7 not found' },
  409: { description: 'Conflicts with what is stored (a unique field already taken, a rule about related records)', code: 'CONFLICT', detail: 'The change conflicts with what is stored' },
  412: { description: '`If-Match` names a version that is no longer current: read again, then retry', code: '%S_STALE_VERSION', detail: '%s 7 is at version 4, not the one in If-Match ("3"): read it again' },
  413: { description: 'The body is larger than the service accepts', code: 'BODY_TOO_LARGE', detail: 'Request body is too large' },
  415: { description: 'The body is not `application/json`', code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Unsupported Media Type: application/xml' },
  422: { description: 'A rule of the service refused the request (`code` names it), or an Idempotency-Key was reused with another body', code: 'IDEMPOTENCY_KEY_REUSED', detail: 'Idempotency-Key "7f3c" was already used for a different request' },
  429: { description: 'Too many requests from this address; wait as `Retry-After` says', code: 'RATE_LIMITED', detail: 'Too many requests; try again in 30 seconds' },
  503: { description: 'A dependency (database, message bus) is unavailable; retry after `Retry-After` seconds', code: 'SERVICE_UNAVAILABLE', detail: 'A dependency of this service is unavailable; try again shortly.' }
}

const HEADERS = {
  location: { description: 'Path of the created resource', type: 'string' },
  etag: { description: 'The resource\'s version, `"<version>"`: send it back in `If-Match` to change only what you have read', type: 'string' },
  'x-total-count': { description: 'How many items match the filters, over all pages', type: 'integer' },
  link: { description: '`<path?limit=&offset=>; rel="next"` while there is a next page', type: 'string' }
}

/** A validation error this route really gives: a wrong body field, query value or id. */
function validationIssue (route: FastifySchema): { path: string, message: string } {
  if (route.body !== undefined) return { path: 'body', message: 'unknown field(s): id' }
  if (route.querystring !== undefined && hasProperty(route.querystring, 'limit')) return { path: 'querystring/limit', message: 'must be <= 500' }
  if (route.params !== undefined) return { path: 'params/id', message: 'must be >= 1' }
  return { path: 'querystring', message: 'unknown field(s): sort' }
}

/** `/things/:id` is about a "Thing". */
function thingOf (url: string): string {
  const collection = url.split('/')[1] ?? ''
  const noun = collection.endsWith('s') ? collection.slice(0, -1) : collection
  return `${noun[0]?.toUpperCase() ?? ''}${noun.slice(1)}`
}

function problemResponse (status: number, schema: unknown, route: FastifySchema, action: { service: string, method: string, url: string }) {
  const known = PROBLEMS[status] ?? { description: 'Error', code: 'ERROR', detail: 'The request failed' }
  const issue = validationIssue(route)
  const thing = thingOf(action.url)
  const detail = status === 400
    ? `${issue.path} ${issue.message}`
    : known.detail.replace('%s', status === 404 || status === 412 ? thing : `${action.method} ${action.url}`)
  // The service's own codes (`CRM_CLIENT_NOT_FOUND`) from its name and the route's resource.
  const code = known.code.replace('%S', action.service.toUpperCase()).replace('%T', thing.toUpperCase())
  const example = problemBody(status, code, detail, action.url.replace(/:\w+/g, '7'))
  if (status === 400) example['errors'] = [issue]
  return { description: known.description, content: { [PROBLEM_CONTENT_TYPE]: { schema, example } } }
}

function hasProperty (schema: unknown, name: string): boolean {
  return typeof schema === 'object' && schema !== null && name in ((schema as { properties?: object }).properties ?? {})
}

function successResponse (status: number, schema: unknown, route: FastifySchema, method: string) {
  if (typeof schema === 'object' && schema !== null && 'content' in schema) return schema
  const isList = (schema as { type?: string } | undefined)?.type === 'array' && hasProperty(route.querystring, 'limit')
  const headers = status === 201
    ? { location: HEADERS.location, etag: HEADERS.etag }
    : isList
      ? { 'x-total-count': HEADERS['x-total-count'], link: HEADERS.link }
      : status === 200 && method !== 'POST' && hasProperty(schema, 'version') ? { etag: HEADERS.etag } : undefined
  const description = status === 201 ? 'Created' : status === 204 ? 'Done; no body' : isList ? 'One page of the list, as a JSON array' : 'OK'
  return { ...(schema as object), description, ...(headers !== undefined ? { headers } : {}) }
}

/**
 * The problem+json answers that every route of the kit can give, from what the route is: a schema to
 * check (400), a body (413, 415), a guard in the policy table (401, 403), a database behind it (503).
 */
function problemStatuses (schema: FastifySchema, policy: RoutePolicy | undefined): number[] {
  const statuses = [503]
  if (schema.body !== undefined || schema.params !== undefined || schema.querystring !== undefined) statuses.push(400)
  if (schema.body !== undefined) statuses.push(413, 415)
  if (policy !== undefined && 'roles' in policy.access) statuses.push(401, 403)
  return statuses
}

/** The route's own schema with every answer it can give, problem+json included, for the document only. */
function documented (service: ServiceName, schema: FastifySchema, route: RouteOptions, url: string): FastifySchema {
  const method = String(route.method)
  const action = { service, method, url }
  const given = (schema.response ?? {}) as Responses
  const responses: Responses = {}
  for (const [status, response] of Object.entries(given)) {
    const code = Number(status)
    responses[status] = code >= 400 ? problemResponse(code, response, schema, action) : successResponse(code, response, schema, method)
  }
  // Every route without a success schema answers 204 (deletes, logout): say so rather than leave it out.
  if (!Object.keys(given).some((status) => status.startsWith('2'))) responses['204'] = { type: 'null', description: 'Done; no body' }
  for (const status of problemStatuses(schema, findPolicy(method, url))) {
    responses[String(status)] ??= problemResponse(status, Problem, schema, action)
  }
  return { ...schema, response: responses }
}

/**
 * Documents the service from the TypeBox schemas its routes validate with, as OpenAPI 3.1 at
 * `GET /openapi.json`; the gateway merges these documents into one. Register before the routes: the
 * document sees only routes added after it. The problem responses are added to the document, not to the
 * routes, so that they never change how an error is serialised.
 */
export async function registerApiDocument (app: FastifyInstance, service: ServiceName, version = '0.1.0'): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `Travel CRM ${service} service`, version, description: `The ${service} service's own routes; clients call them through the gateway.` }
    },
    transform: ({ schema, url, route }) => {
      if (route.config?.infrastructure === true) return { schema: { ...schema, hide: true }, url }
      return { schema: documented(service, schema ?? {}, route, url), url }
    }
  })
  app.get('/openapi.json', { config: { infrastructure: true }, logLevel: 'warn' }, async () => app.swagger())
}
