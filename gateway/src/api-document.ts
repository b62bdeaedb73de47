import { POLICY, type Access, type RoutePolicy, type ServiceName } from '@travel-crm/contracts'
import { problemBody } from '@travel-crm/service-kit/http'
import { GATEWAY_OPERATIONS, problemResponse } from './gateway-operations.js'
import { REQUEST_EXAMPLES } from './request-examples.js'

type Json = Record<string, unknown>
type Operation = Json & { description?: string, parameters?: Json[], requestBody?: { content?: Record<string, Json> }, responses?: Record<string, Json> }

export interface OpenApiDocument extends Json {
  openapi: string
  paths?: Record<string, Record<string, Operation>>
  components?: { schemas?: Json, securitySchemes?: Json }
}

const TAGS: Array<{ name: ServiceName | 'gateway', description: string }> = [
  { name: 'auth', description: 'Users, roles, log-in and tokens (the auth service)' },
  { name: 'crm', description: 'Clients, their trips and notes (the crm service)' },
  { name: 'billing', description: 'Invoices and payments, in exact money (the billing service)' },
  { name: 'reporting', description: 'Client statements, reports and CSV exports, kept from events (the reporting service)' },
  { name: 'webhooks', description: 'Signed, retried and replayable deliveries of events to HTTPS endpoints (the webhooks service; admins only)' },
  { name: 'gateway', description: 'Health, readiness, metrics and the API documents (the gateway itself)' }
]

/** Summary and operation id of the routes the generic rule (list, create, get, change, delete) would name badly. */
const NAMES: Record<string, [summary: string, operationId: string]> = {
  'GET /roles': ['List the roles', 'listRoles'],
  'GET /.well-known/jwks.json': ['Public keys that sign access tokens (JWKS)', 'getPublicKeys'],
  'POST /register': ['Register a user', 'register'],
  'POST /login': ['Log in', 'login'],
  'POST /refresh': ['Exchange a refresh token for new tokens', 'refresh'],
  'POST /logout': ['Log out (revoke a refresh token)', 'logout'],
  'GET /me': ['Who am I', 'getMe'],
  'POST /me/password': ['Change your own password', 'changeOwnPassword'],
  'POST /session': ['Log in from the web app (the refresh token in an httpOnly cookie)', 'startBrowserSession'],
  'POST /session/refresh': ['Renew the web app\'s access token from its cookie', 'refreshBrowserSession'],
  'POST /session/logout': ['Log out of the web app (ends the session, clears the cookie)', 'endBrowserSession'],
  'DELETE /me/sessions': ['Log out everywhere (every session of yours ends, access tokens included)', 'logOutEverywhere'],
  'DELETE /users/:id/sessions': ['End every session of a user (revoke their tokens)', 'revokeUserSessions'],
  'GET /invoice/:id': ['Get an invoice (the original API\'s path)', 'getInvoiceByOriginalPath'],
  'GET /payment/:id': ['Get a payment (the original API\'s path)', 'getPaymentByOriginalPath'],
  'GET /clients/:id/notes': ['List a client\'s notes', 'listNotes'],
  'POST /clients/:id/notes': ['Write a note about a client', 'createNote'],
  'PATCH /clients/:id/notes/:noteId': ['Change a note', 'changeNote'],
  'DELETE /clients/:id/notes/:noteId': ['Delete a note', 'deleteNote'],
  'GET /trips/:id/travellers': ['List the travellers of a trip', 'listTravellers'],
  'POST /trips/:id/travellers': ['Add a traveller to a trip', 'createTraveller'],
  'GET /trips/:id/travellers/:travellerId': ['Get a traveller (the passport number masked for analysts)', 'getTraveller'],
  'PATCH /trips/:id/travellers/:travellerId': ['Change a traveller', 'changeTraveller'],
  'DELETE /trips/:id/travellers/:travellerId': ['Remove a traveller from a trip', 'deleteTraveller'],
  'GET /trips/:id/bookings': ['List the bookings of a trip', 'listBookings'],
  'POST /trips/:id/bookings': ['Book something with a supplier for a trip', 'createBooking'],
  'GET /trips/:id/bookings/:bookingId': ['Get a booking', 'getBooking'],
  'PATCH /trips/:id/bookings/:bookingId': ['Change a booking (cancel it through its status)', 'changeBooking'],
  'DELETE /trips/:id/bookings/:bookingId': ['Delete a booking', 'deleteBooking'],
  'GET /clients/:id/details': ['A client with notes, trips, invoices and payments', 'getClientDetails'],
  'GET /clients/:id/details/export': ['A client\'s details as CSV', 'exportClientDetails'],
  'GET /clients/export': ['All clients as CSV', 'exportClients'],
  'POST /webhooks/:id/rotate-secret': ['Give a webhook endpoint a new signing secret', 'rotateWebhookSecret'],
  'POST /webhooks/:id/test': ['Send a ping event to a webhook endpoint', 'testWebhook'],
  'GET /webhooks/:id/deliveries': ['List the delivery attempts of a webhook endpoint', 'listWebhookDeliveries'],
  'POST /webhooks/:id/replay': ['Send the stream\'s events again to a webhook endpoint', 'replayWebhook'],
  'GET /settings/agency': ['The agency\'s details for documents', 'getAgencySettings'],
  'PUT /settings/agency': ['Set the agency\'s details for documents', 'setAgencySettings'],
  'GET /invoices/:id/pdf': ['An invoice as a PDF', 'getInvoicePdf'],
  'GET /invoices/export.zip': ['The PDFs of the invoices issued in a date range, as a zip', 'exportInvoicePdfs'],
  'GET /clients/:id/statement.pdf': ['A client\'s statement as a PDF', 'getClientStatementPdf'],
  'POST /clients/:id/archive': ['Archive a client (what one with payments gets instead of a delete)', 'archiveClient'],
  'POST /clients/:id/restore': ['Restore an archived client', 'restoreClient'],
  'POST /trips/:id/archive': ['Archive a trip (what one with payments gets instead of a delete)', 'archiveTrip'],
  'POST /trips/:id/restore': ['Restore an archived trip', 'restoreTrip'],
  'GET /reports/invoices/export': ['Invoices as CSV, one row per invoice', 'exportInvoices'],
  'POST /clients/:id/erase': ['Erase a client\'s personal data (GDPR article 17)', 'eraseClient'],
  'GET /clients/:id/personal-data': ['Everything held about a client, from every service (GDPR articles 15 and 20)', 'getClientPersonalData'],
  'GET /audit': ['The audit trail: every change, who made it, when, and what changed', 'listAuditEntries'],
  'GET /audit/export': ['The audit trail as CSV', 'exportAuditEntries']
}

const HEADER_PARAMETERS: Record<string, Json> = {
  'if-match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The `ETag` you read (`"3"`): the change happens only if the resource is still at that version, else 412',
    schema: { type: 'string', examples: ['"3"'] }
  },
  'idempotency-key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'Any unique string (a UUID): a retry with the same key and body returns the first response and changes nothing; ' +
      'the same key with another body is a 422. Keys are kept 48 hours.',
    schema: { type: 'string', maxLength: 255, examples: ['3f1c9a0e-6a55-4f0e-9c7a-1d2b7c8e9f01'] }
  }
}

/** The POSTs that honour `Idempotency-Key`: every create of crm and billing (those that go through `respondOnce`). */
const IDEMPOTENT_ROUTES = new Set([
  'POST /clients', 'POST /trips', 'POST /clients/:id/notes', 'POST /trips/:id/travellers', 'POST /suppliers', 'POST /trips/:id/bookings',
  'POST /invoices', 'POST /payments'
])

function keyOf (policy: RoutePolicy): string {
  return `${policy.method} ${policy.url}`
}

function capitalised (text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`
}

function camelCase (words: string[]): string {
  return words.map((word, index) => index === 0 ? word : capitalised(word)).join('')
}

/**
 * Summary and operation id: "List clients" `listClients`, "Create an invoice" `createInvoice`, "Invoice
 * summary as CSV" `exportInvoiceSummary`.
 */
export function namesOf (policy: RoutePolicy): [summary: string, operationId: string] {
  const named = NAMES[keyOf(policy)]
  if (named !== undefined) return named
  const report = /^\/reports\/([a-z-]+)(\/export)?$/.exec(policy.url)
  if (report !== null) {
    const words = (report[1] ?? '').split('-')
    const exported = report[2] !== undefined
    return [`${capitalised(words.join(' '))}${exported ? ' as CSV' : ''}`, camelCase([exported ? 'export' : 'get', ...words])]
  }
  const [, collection = '', id] = policy.url.split('/')
  const thing = collection.endsWith('s') ? collection.slice(0, -1) : collection
  const a = /^[aeio]/.test(thing) ? 'an' : 'a'
  if (id === undefined) return policy.method === 'GET' ? [`List ${collection}`, camelCase(['list', collection])] : [`Create ${a} ${thing}`, camelCase(['create', thing])]
  const verb = { GET: 'get', PUT: 'set', PATCH: 'change', DELETE: 'delete', POST: 'create' }[policy.method]
  return [`${capitalised(verb)} ${a} ${thing}`, camelCase([verb, thing])]
}

export function rolesText (access: Access): string {
  if ('public' in access) return '**Public**: no token needed.'
  const roles = `**Roles:** ${access.roles.join(', ')}.`
  return access.anonymousWhileNoUsers === true
    ? `${roles} While no user exists, no token is needed: the first user registered becomes an admin.`
    : roles
}

function securityOf (access: Access): Array<Record<string, string[]>> {
  if ('public' in access) return []
  // `{}` beside the scheme: a token is optional for the very first registration.
  return access.anonymousWhileNoUsers === true ? [{ bearerAuth: [] }, {}] : [{ bearerAuth: [] }]
}

/** Every `$ref` to a component of one service, renamed to the service's prefix so services never collide. */
function renameReferences<T> (value: T, service: ServiceName): T {
  if (Array.isArray(value)) return value.map((item: unknown) => renameReferences(item, service)) as T
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [
    key,
    key === '$ref' && typeof item === 'string' && item.startsWith('#/components/schemas/')
      ? `#/components/schemas/${service}-${item.slice('#/components/schemas/'.length)}`
      : renameReferences(item, service)
  ])) as T
}

function withExample (requestBody: Operation['requestBody'], example: unknown): Operation['requestBody'] {
  const json = requestBody?.content?.['application/json']
  if (requestBody === undefined || json === undefined || example === undefined) return requestBody
  return { ...requestBody, content: { ...requestBody.content, 'application/json': { ...json, example } } }
}

/** What the gateway adds to every route it forwards: its rate limit, and the owning service down or slow. */
function gatewayResponses (policy: RoutePolicy): Record<string, Json> {
  const instance = policy.url.replace(/:\w+/g, '7')
  const retryAfter = { 'retry-after': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } }
  return {
    429: {
      ...problemResponse(
        policy.url === '/login'
          ? 'Too many log-in attempts from this address (`LOGIN_RATE_LIMIT_MAX` a minute at the gateway; auth also slows repeated failures)'
          : 'Too many requests from this address (`RATE_LIMIT_MAX` a minute)',
        problemBody(429, 'RATE_LIMITED', 'Too many requests; try again in 30 seconds', instance)
      ),
      headers: retryAfter
    },
    503: {
      ...problemResponse(
        `The ${policy.service} service, or its database or message bus, is unavailable; retry after \`Retry-After\` seconds`,
        problemBody(503, 'UPSTREAM_UNAVAILABLE', `The ${policy.service} service is unavailable`, instance)
      ),
      headers: retryAfter
    },
    504: problemResponse(
      `The ${policy.service} service did not answer in time (\`UPSTREAM_TIMEOUT_MS\`); the request may or may not have taken effect`,
      problemBody(504, 'UPSTREAM_TIMEOUT', `The ${policy.service} service did not answer in time`, instance)
    )
  }
}

function headerParameters (policy: RoutePolicy, responses: Record<string, Json>): Json[] {
  const headers: Json[] = []
  if (responses['412'] !== undefined && (policy.method === 'PUT' || policy.method === 'PATCH' || policy.method === 'DELETE')) headers.push(HEADER_PARAMETERS['if-match'] as Json)
  if (IDEMPOTENT_ROUTES.has(keyOf(policy))) headers.push(HEADER_PARAMETERS['idempotency-key'] as Json)
  return headers
}

/** One route of the policy table as the gateway serves it: the service's own operation, plus who may call it. */
function gatewayOperation (policy: RoutePolicy, operation: Operation): Operation {
  const own = renameReferences(operation, policy.service)
  const upstreamResponses = own.responses ?? {}
  const [summary, operationId] = namesOf(policy)
  const parameters = [...(own.parameters ?? []), ...headerParameters(policy, upstreamResponses)]
  const requestBody = withExample(own.requestBody, REQUEST_EXAMPLES[keyOf(policy)])
  return {
    ...own,
    tags: [policy.service],
    summary,
    operationId,
    description: [rolesText(policy.access), own.description].filter((text) => text !== undefined && text !== '').join('\n\n'),
    security: securityOf(policy.access),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody !== undefined ? { requestBody } : {}),
    responses: { ...upstreamResponses, ...gatewayResponses(policy) }
  }
}

export function openApiPath (url: string): string {
  return url.replace(/:(\w+)/g, '{$1}')
}

const DESCRIPTION = `The Travel CRM API: clients, trips, invoices, payments and reports, behind one gateway.

**Try it here**: call \`POST /login\` (tag *auth*) with your username and password, copy \`access_token\` from
the answer, press **Authorize** and paste it. It is kept across reloads; it expires after \`expires_in\`
seconds, when \`POST /refresh\` gives a new one.

Each operation names the roles that may call it; a missing or invalid token is 401, a role that may not is 403.

Conventions: bodies are JSON with \`snake_case\` fields, and unknown fields are refused (400). Money is sent as a
number or a decimal string with at most two decimals and always returned as a string with two decimals
(\`"1250.00"\`) with its \`currency\`. Dates are \`YYYY-MM-DD\`, timestamps ISO 8601 UTC. Lists are JSON arrays,
paged with \`limit\` (default 50, at most 500) and \`offset\`; the total is in \`X-Total-Count\` and the next page
in \`Link\`. Creates answer 201 with the resource and its \`Location\`. Every resource has a \`version\`, sent as
\`ETag\`; send it back in \`If-Match\` to change only what you read (412 if it changed meanwhile). Billing's POSTs
take an \`Idempotency-Key\`. Errors are RFC 9457 \`application/problem+json\` with a stable \`code\`; each response
carries an \`x-request-id\` to quote when reporting a problem.

The events the services publish are described by the AsyncAPI document at \`/asyncapi.json\`.`

/**
 * The one OpenAPI 3.1 document of the API: every route of the policy table, taken from the document of the
 * service that owns it (built from the TypeBox schemas that validate its requests), with the roles that may
 * call it, the bearer scheme, and what the gateway itself can answer; plus the gateway's own routes.
 */
export function mergeApiDocuments (documents: Record<ServiceName, OpenApiDocument>, version: string): OpenApiDocument {
  const paths: Record<string, Record<string, Operation>> = structuredClone(GATEWAY_OPERATIONS)
  const schemas: Json = {}
  for (const [service, document] of Object.entries(documents) as Array<[ServiceName, OpenApiDocument]>) {
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      schemas[`${service}-${name}`] = renameReferences(schema, service)
    }
  }
  for (const policy of POLICY) {
    const path = openApiPath(policy.url)
    const operation = documents[policy.service].paths?.[path]?.[policy.method.toLowerCase()]
    if (operation === undefined) continue
    paths[path] = { ...paths[path], [policy.method.toLowerCase()]: gatewayOperation(policy, operation) }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Travel CRM API', version, description: DESCRIPTION },
    servers: [{ url: '/', description: 'this gateway' }],
    tags: TAGS,
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The `access_token` that `POST /login` returns (an EdDSA-signed JWT with your role)'
        }
      },
      schemas
    }
  }
}
