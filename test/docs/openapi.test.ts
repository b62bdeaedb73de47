/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped JSON (OpenAPI and Postman documents, API replies) by key */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Validator } from '@seriousme/openapi-schema-validator'
import { asyncApiDocument, POLICY, type RoutePolicy } from '@travel-crm/contracts'
import { caller, eventually, startStack, type Call, type Stack, TEST_METRICS_TOKEN } from '@travel-crm/testkit'
import { COLLECTION_FILE, postmanCollection } from '../../scripts/postman.js'

type Json = Record<string, any>

const METHODS = ['get', 'post', 'patch', 'delete', 'put']
const GATEWAY_PATHS = ['/healthz', '/readyz', '/metrics', '/openapi.json', '/asyncapi.json', '/live']

function openApiPath (url: string): string {
  return url.replace(/:(\w+)/g, '{$1}')
}

function operationsOf (document: Json): Array<{ method: string, path: string, operation: Json }> {
  return Object.entries(document['paths'] as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item).filter(([method]) => METHODS.includes(method)).map(([method, operation]) => ({ method, path, operation: operation as Json })))
}

function rolesOf (policy: RoutePolicy): string {
  return 'public' in policy.access ? '**Public**' : `**Roles:** ${policy.access.roles.join(', ')}.`
}

/** Every `$ref` in the document, with where it appears. */
function referencesIn (value: unknown, at = '#'): Array<[string, string]> {
  if (Array.isArray(value)) return value.flatMap((item, index) => referencesIn(item, `${at}/${index}`))
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, item]) =>
    key === '$ref' && typeof item === 'string' ? [[at, item] as [string, string]] : referencesIn(item, `${at}/${key}`))
}

describe('the API documents, served by the gateway', () => {
  let stack: Stack
  let document: Json
  let adminToken: string

  let call: Call

  beforeAll(async () => {
    // The webhook example's host is opened so that it registers; the stack resolves no name outside this machine.
    stack = await startStack({ env: { LOG_LEVEL: 'info', WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com' } })
    call = caller(stack.gatewayUrl)
    const openapi = await call('GET', '/openapi.json')
    expect(openapi.status, openapi.text).toBe(200)
    document = openapi.body
    const login = await call('POST', '/login', { body: stack.admin })
    adminToken = login.body.access_token
  })

  afterAll(async () => {
    await stack?.stop()
  })

  describe('GET /openapi.json', () => {
    it('is a valid OpenAPI 3.1 document', async () => {
      expect(document['openapi']).toBe('3.1.0')
      const validator = new Validator()
      const result = await validator.validate(structuredClone(document))
      expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)?.slice(0, 4000)).toEqual([])
      expect(result.valid).toBe(true)
    })

    it('has every route of the policy table, with its roles, its bearer requirement and its service as tag', () => {
      for (const policy of POLICY) {
        const operation = document['paths'][openApiPath(policy.url)]?.[policy.method.toLowerCase()] as Json | undefined
        const route = `${policy.method} ${policy.url}`
        expect(operation, route).toBeDefined()
        expect(operation?.['description'], route).toContain(rolesOf(policy))
        expect(operation?.['tags'], route).toEqual([policy.service])
        if ('public' in policy.access) {
          expect(operation?.['security'], route).toEqual([])
        } else {
          expect(operation?.['security'], route).toContainEqual({ bearerAuth: [] })
          expect(Object.keys(operation?.['responses'] ?? {}), route).toEqual(expect.arrayContaining(['401', '403']))
        }
      }
      expect(document['components']['securitySchemes']['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' })
    })

    it('has nothing beyond the policy table but the gateway\'s own routes, each with a unique operation id', () => {
      const documented = operationsOf(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()
      const expected = [...POLICY.map((policy) => `${policy.method} ${openApiPath(policy.url)}`), ...GATEWAY_PATHS.map((path) => `GET ${path}`)].sort()
      expect(documented).toEqual(expected)
      const ids = operationsOf(document).map(({ operation }) => operation['operationId'] as string)
      expect(new Set(ids).size).toBe(ids.length)
      for (const { operation } of operationsOf(document)) expect(operation['summary']).toEqual(expect.any(String))
    })

    it('documents a success and the problem+json errors of every operation, each with an example', () => {
      for (const { method, path, operation } of operationsOf(document)) {
        const route = `${method.toUpperCase()} ${path}`
        const statuses = Object.keys(operation['responses'] as Json)
        expect(statuses.some((status) => status.startsWith('2')), route).toBe(true)
        for (const status of statuses.filter((code) => Number(code) >= 400)) {
          const content = operation['responses'][status]['content'] as Json
          expect(Object.keys(content), `${route} ${status}`).toEqual(['application/problem+json'])
          expect(content['application/problem+json']['example'], `${route} ${status}`).toMatchObject({ status: Number(status), code: expect.any(String) })
        }
        if (GATEWAY_PATHS.includes(path)) continue
        // What the gateway itself may answer for any route it forwards.
        expect(statuses, route).toEqual(expect.arrayContaining(['429', '503', '504']))
        if (operation['requestBody'] !== undefined || operation['parameters'] !== undefined) expect(statuses, route).toContain('400')
      }
    })

    it('resolves every $ref inside the document', () => {
      const references = referencesIn(document)
      // Every service inlines its schemas today, so there is none: said outright, since a loop over nothing proves
      // nothing. A component a service adds is renamed under its prefix by the gateway and must then resolve below.
      expect(references).toEqual([])
      for (const [at, reference] of references) {
        const target = reference.slice(2).split('/').reduce<any>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document)
        expect(target, `${at} → ${reference}`).toBeDefined()
      }
    })

    /** A confirmed booking of the run's trip and supplier, once billing expects its commission. */
    async function aCommissionedBooking (created: Record<string, number>): Promise<number> {
      const booking = await call('POST', `/trips/${created['trips']}/bookings`, {
        token: adminToken,
        body: { supplier_id: created['suppliers'], description: 'Hotel, 7 nights', start_date: '2027-05-01', end_date: '2027-05-08', status: 'confirmed', cost: '800.00', sell_price: '900.00' }
      })
      expect(booking.status, booking.text).toBe(201)
      await eventually(async () => {
        const owed = await call('GET', `/commissions?supplier_id=${created['suppliers']}`, { token: adminToken })
        expect((owed.body as Array<{ booking_id: number }>).map((commission) => commission.booking_id)).toContain(booking.body.id)
      }, 10_000)
      return booking.body.id as number
    }

    it('gives every request body an example that the API accepts as it stands', async () => {
      const created: Record<string, number> = {}
      let refreshToken = ''
      for (const policy of POLICY) {
        const operation = document['paths'][openApiPath(policy.url)][policy.method.toLowerCase()] as Json
        if (operation['requestBody'] === undefined) continue
        const route = `${policy.method} ${policy.url}`
        const example = operation['requestBody']['content']['application/json']['example'] as Json | undefined
        expect(example, route).toBeDefined()
        // The example's ids and tokens are the ones this run created.
        const body: Json = { ...example }
        for (const [field, collection] of [['client_id', 'clients'], ['trip_id', 'trips'], ['invoice_id', 'invoices'], ['supplier_id', 'suppliers']] as const) {
          if (field in body) body[field] = created[collection]
        }
        if ('refresh_token' in body) body['refresh_token'] = refreshToken
        // Commission is paid on a confirmed booking (the bookings example above ends cancelled), once billing has it.
        if (policy.url === '/commission-payments') body['booking_id'] = await aCommissionedBooking(created)
        // The admin's own password, changed to itself: the example works without locking the test out.
        if (policy.url === '/me/password') Object.assign(body, { current_password: stack.admin.password, new_password: stack.admin.password })
        // A record under another (`/clients/:id/notes`) is its own collection; its id replaces its own parameter.
        const nested = /\/:id\/(notes|travellers|bookings)$/.exec(policy.url)?.[1]
        const collection = policy.url === '/register' ? 'users' : nested ?? policy.url.split('/')[1] ?? ''
        const url = policy.url.replace(':id', String(created[policy.url.split('/')[1] ?? ''])).replace(':noteId', String(created['notes']))
          .replace(':travellerId', String(created['travellers'])).replace(':bookingId', String(created['bookings']))
        // The web app's session routes ask for its header, as a browser on the app's own page sends it.
        const headers: Record<string, string> = policy.url.startsWith('/session') ? { 'x-requested-with': 'travel-crm-web' } : {}
        const reply = await call(policy.method, url, { token: adminToken, body, headers })
        expect(reply.status, `${route}: ${reply.text}`).toBeLessThan(300)
        if (policy.method === 'POST' && typeof reply.body?.id === 'number') created[collection] = reply.body.id
        if (typeof reply.body?.refresh_token === 'string') refreshToken = reply.body.refresh_token
        // A new password, even the same one, ends every session of the admin, this token's too: log in again.
        if (policy.url === '/me/password') adminToken = (await call('POST', '/login', { body: stack.admin })).body.access_token
      }
      expect(Object.keys(created).sort()).toEqual(['bookings', 'clients', 'commission-payments', 'invoices', 'notes', 'payments', 'suppliers', 'travellers', 'trips', 'users', 'webhooks'])
    })

    it('is what Swagger UI at /docs shows, and the page can log in once for every route', async () => {
      const page = await call('GET', '/docs/')
      expect(page.status).toBe(200)
      expect(page.text).toContain('swagger-ui')
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
      const shown = await call('GET', '/docs/json')
      expect(shown.body).toEqual(document)
      const initializer = await call('GET', '/docs/static/swagger-initializer.js')
      expect(initializer.text).toContain('"persistAuthorization":true')
      expect(initializer.text).toContain('travel-crm.access_token')
      // The interceptors run in the browser, where the transpiler's helpers do not exist.
      expect(initializer.text).not.toMatch(/__name|__defProp/)
    })
  })

  it('serves the AsyncAPI document of the contracts at GET /asyncapi.json', async () => {
    const reply = await call('GET', '/asyncapi.json')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual(JSON.parse(JSON.stringify(asyncApiDocument('0.1.0'))))
  })

  it('echoes x-request-id, passes it to the service, and makes one up when there is none', async () => {
    const given = await call('GET', '/roles', { headers: { 'x-request-id': 'docs-test-request-4711' } })
    expect(given.status).toBe(200)
    expect(given.headers.get('x-request-id')).toBe('docs-test-request-4711')
    expect(stack.logs('auth')).toContain('docs-test-request-4711')
    const made = await call('GET', '/roles')
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('serves Prometheus metrics of the requests it forwarded at GET /metrics', async () => {
    expect((await call('GET', '/clients', { token: adminToken })).status).toBe(200)
    const refused = await call('GET', '/metrics')
    expect(refused.status).toBe(401)
    expect(refused.text).not.toMatch(/http_request_duration/)
    const metrics = await call('GET', '/metrics', { token: TEST_METRICS_TOKEN })
    expect(metrics.status).toBe(200)
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{(?=[^}]*route="\/clients")(?=[^}]*service="gateway")[^}]*\} [1-9]/)
  })

  describe('the Postman collection', () => {
    const committed = JSON.parse(readFileSync(COLLECTION_FILE, 'utf8')) as Json
    const requestsOf = (collection: Json): Json[] => (collection['item'] as Json[]).flatMap((item) => item['item'] as Json[] | undefined ?? [item])

    it('logs in first and keeps the token for every other request', () => {
      const first = (committed['item'] as Json[])[0] as Json
      expect(first['name']).toBe('Log in')
      expect(first['request']).toMatchObject({ method: 'POST', url: { raw: '{{baseUrl}}/login' } })
      expect(first['event'][0]['script']['exec'].join('\n')).toContain('pm.collectionVariables.set(\'access_token\'')
      expect(committed['auth']).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{access_token}}', type: 'string' }] })
    })

    it('has one request per operation of the current document (regenerate with pnpm postman)', async () => {
      const requests = requestsOf(committed).slice(1).map((item) => {
        const request = item['request'] as Json
        return `${String(request['method']).toLowerCase()} /${(request['url']['path'] as string[]).map((part) => part.replace(/^:(\w+)$/, '{$1}')).join('/')}`
      }).sort()
      expect(requests).toEqual(operationsOf(document).map(({ method, path }) => `${method} ${path}`).sort())
      expect(committed).toEqual(await postmanCollection(document))
    })
  })
})
