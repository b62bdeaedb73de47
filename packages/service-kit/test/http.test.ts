import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Type } from 'typebox'
import { Pagination, StrictObject } from '@travel-crm/contracts'
import { createHttpApp, defineProblem, Problems, withExtensions, type HttpApp } from '../src/http/index.js'

const METRICS_TOKEN = 'scrapers-know-this-token'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TRAVELLER_NOT_FOUND = defineProblem('KIT_TRAVELLER_NOT_FOUND', 'Traveller %s not found', 404)

function expectProblem (response: { statusCode: number, headers: Record<string, unknown>, json: () => { detail: string, errors: Array<{ path: string, message: string }> } }, status: number, code: string) {
  expect(response.statusCode).toBe(status)
  expect(response.headers['content-type']).toContain('application/problem+json')
  const body = response.json()
  expect(body).toMatchObject({ status, code, title: expect.any(String), type: expect.stringContaining('urn:travel-crm:problem:') })
  return body
}

describe('createHttpApp', () => {
  let app: HttpApp

  beforeAll(async () => {
    app = createHttpApp({ service: 'kit-test', logLevel: 'silent', bodyLimit: 1024, metricsToken: METRICS_TOKEN })
    const infrastructure = { infrastructure: true }
    app.post('/travellers', {
      config: infrastructure,
      schema: { body: StrictObject({ name: Type.String({ minLength: 1, maxLength: 80 }), age: Type.Optional(Type.Integer({ minimum: 0 })) }) }
    }, async (request, reply) => await reply.code(201).send(request.body))
    app.get('/travellers', { config: infrastructure, schema: { querystring: StrictObject(Pagination) } }, async (request) => request.query)
    app.get('/travellers/:id', { config: infrastructure }, async (request) => {
      throw withExtensions(new TRAVELLER_NOT_FOUND((request.params as { id: string }).id), { searched: 'everywhere' })
    })
    app.get('/crash', { config: infrastructure }, async () => {
      throw new Error('relation "secret_payroll" does not exist: select salary from secret_payroll')
    })
    app.get('/database-gone', { config: infrastructure }, async () => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' })
    })
    app.get('/rule', { config: infrastructure }, async () => { throw new Problems.unprocessable('The payment is above the open balance') })
    await app.ready()
  })

  afterAll(async () => { await app?.close() })

  it('answers an unknown route with a 404 problem', async () => {
    const body = expectProblem(await app.inject({ method: 'GET', url: '/nowhere?x=1' }), 404, 'ROUTE_NOT_FOUND')
    expect(body.detail).toBe('No route GET /nowhere')
  })

  it('accepts a valid body', async () => {
    const response = await app.inject({ method: 'POST', url: '/travellers', payload: { name: 'Ada', age: 36 } })
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({ name: 'Ada', age: 36 })
  })

  it('refuses broken JSON with a 400 problem', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/travellers', headers: { 'content-type': 'application/json' }, payload: '{"name": "Ada"' }), 400, 'INVALID_JSON')
  })

  it('refuses an empty JSON body with a 400 problem', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/travellers', headers: { 'content-type': 'application/json' }, payload: '' }), 400, 'EMPTY_JSON_BODY')
  })

  it('refuses a content type it has no parser for with a 415 problem', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/travellers', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=Ada' }), 415, 'UNSUPPORTED_MEDIA_TYPE')
  })

  it('refuses a plain-text body where an object is expected with a 400 problem', async () => {
    const body = expectProblem(await app.inject({ method: 'POST', url: '/travellers', headers: { 'content-type': 'text/plain' }, payload: 'name=Ada' }), 400, 'VALIDATION_FAILED')
    expect(body.errors).toEqual([{ path: 'body', message: 'must be object' }])
  })

  it('refuses a body over the limit with a 413 problem', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/travellers', payload: { name: 'A'.repeat(2000) } }), 413, 'BODY_TOO_LARGE')
  })

  it('refuses a JSON body that tries to set __proto__', async () => {
    const response = await app.inject({ method: 'POST', url: '/travellers', headers: { 'content-type': 'application/json' }, payload: '{"name": "Ada", "__proto__": {"admin": true}}' })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toContain('application/problem+json')
  })

  it('refuses unknown fields with a 400 problem listing them in errors[]', async () => {
    const body = expectProblem(await app.inject({ method: 'POST', url: '/travellers', payload: { name: 'Ada', role: 'admin' } }), 400, 'VALIDATION_FAILED')
    expect(body.errors).toEqual([{ path: 'body', message: 'unknown field(s): role' }])
  })

  it('names missing and mistyped fields in errors[]', async () => {
    const missing = expectProblem(await app.inject({ method: 'POST', url: '/travellers', payload: { age: 3 } }), 400, 'VALIDATION_FAILED')
    expect(missing.errors).toContainEqual({ path: 'body', message: 'missing required field(s): name' })
    const mistyped = expectProblem(await app.inject({ method: 'POST', url: '/travellers', payload: { name: 'Ada', age: 'old' } }), 400, 'VALIDATION_FAILED')
    expect(mistyped.errors.map((error: { path: string }) => error.path)).toContain('body/age')
  })

  it('words each field\'s complaint in the request\'s language, paths and code unchanged', async () => {
    const swedish = expectProblem(await app.inject({ method: 'POST', url: '/travellers', headers: { 'accept-language': 'sv' }, payload: { name: '', age: -1, role: 'admin' } }), 400, 'VALIDATION_FAILED')
    expect(swedish.errors).toEqual(expect.arrayContaining([
      { path: 'body', message: 'okända fält: role' },
      { path: 'body/name', message: 'får inte ha färre än 1 tecken' },
      { path: 'body/age', message: 'måste vara >= 0' }
    ]))
    expect(swedish.detail).toContain('body/name får inte ha färre än 1 tecken')
    const spanish = expectProblem(await app.inject({ method: 'POST', url: '/travellers?lang=es', payload: { age: 3 } }), 400, 'VALIDATION_FAILED')
    expect(spanish.errors).toContainEqual({ path: 'body', message: 'falta(n) campo(s) obligatorio(s): name' })
  })

  it('does not coerce body values the way query strings are', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/travellers', payload: { name: 'Ada', age: '36' } }), 400, 'VALIDATION_FAILED')
  })

  it('converts query strings and fills in their defaults, refusing what is out of range', async () => {
    expect((await app.inject({ method: 'GET', url: '/travellers' })).json()).toEqual({ limit: 50, offset: 0 })
    expect((await app.inject({ method: 'GET', url: '/travellers?limit=5&offset=10' })).json()).toEqual({ limit: 5, offset: 10 })
    const body = expectProblem(await app.inject({ method: 'GET', url: '/travellers?limit=501' }), 400, 'VALIDATION_FAILED')
    expect(body.errors.map((error) => error.path)).toEqual(['querystring/limit'])
    expectProblem(await app.inject({ method: 'GET', url: '/travellers?limit=5&debug=1' }), 400, 'VALIDATION_FAILED')
  })

  it('renders a declared problem with its code, status and extensions', async () => {
    const body = expectProblem(await app.inject({ method: 'GET', url: '/travellers/9' }), 404, 'KIT_TRAVELLER_NOT_FOUND')
    expect(body).toMatchObject({ detail: 'Traveller 9 not found', searched: 'everywhere', instance: '/travellers/9' })
    expectProblem(await app.inject({ method: 'GET', url: '/rule' }), 422, 'RULE_VIOLATED')
  })

  it('turns an unexpected error into a 500 problem that tells nothing of the internals', async () => {
    const response = await app.inject({ method: 'GET', url: '/crash' })
    const body = expectProblem(response, 500, 'INTERNAL_ERROR')
    expect(response.body).not.toContain('secret_payroll')
    expect(response.body).not.toContain('select')
    expect(response.body).not.toMatch(/\bat .*\.ts:\d+/)
    expect(body).not.toHaveProperty('stack')
  })

  it('turns a lost database connection into a 503 problem with Retry-After', async () => {
    const response = await app.inject({ method: 'GET', url: '/database-gone' })
    expectProblem(response, 503, 'SERVICE_UNAVAILABLE')
    expect(response.headers['retry-after']).toBe('5')
    expect(response.body).not.toContain('Connection terminated')
  })

  describe('x-request-id', () => {
    it('keeps a well-formed id from the caller and echoes it', async () => {
      const response = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'gateway-7f3a.12:9' } })
      expect(response.headers['x-request-id']).toBe('gateway-7f3a.12:9')
    })

    it('generates one when the caller sent none', async () => {
      const response = await app.inject({ method: 'GET', url: '/healthz' })
      expect(response.headers['x-request-id']).toMatch(UUID)
    })

    it.each([
      ['spaces and quotes', 'id with "quotes"'],
      ['a newline attempt', 'abc%0d%0aset-cookie:x'],
      ['too long an id', 'a'.repeat(200)],
      ['an empty id', '']
    ])('replaces a malformed one (%s)', async (_case, given) => {
      const response = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': given } })
      expect(response.headers['x-request-id']).toMatch(UUID)
    })

    it('is set on problems too', async () => {
      const response = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'trace-me' } })
      expect(response.statusCode).toBe(404)
      expect(response.headers['x-request-id']).toBe('trace-me')
    })
  })

  it('serves /healthz and an empty /readyz without dependencies', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', checks: {} })
  })

  it('counts requests by route pattern and status in /metrics', async () => {
    await app.inject({ method: 'GET', url: '/travellers/41' })
    for (const authorization of [undefined, 'Bearer wrong-token-of-some-length', METRICS_TOKEN]) {
      const refused = await app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } })
      expect(refused.statusCode).toBe(401)
      expect(refused.headers['content-type']).toContain('application/problem+json')
    }
    const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    expect(metrics.statusCode).toBe(200)
    expect(metrics.headers['content-type']).toContain('text/plain')
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/travellers\/:id"[^}]*status="404"[^}]*\} [1-9]/)
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched"/)
    expect(metrics.body).toContain('service="kit-test"')
  })
})

describe('readiness checks', () => {
  it('reports each failing dependency by name with a 503 problem', async () => {
    const app = createHttpApp({
      service: 'kit-test',
      logLevel: 'silent',
      readiness: {
        database: async () => {},
        nats: async () => { throw new Error('connection refused') },
        upstream: async () => await new Promise(() => {})
      }
    })
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' })
      expect(response.statusCode).toBe(503)
      expect(response.headers['content-type']).toContain('application/problem+json')
      expect(response.json()).toMatchObject({
        code: 'NOT_READY',
        checks: { database: 'ok', nats: 'unavailable: connection refused', upstream: 'unavailable: timed out' }
      })
    } finally {
      await app.close()
    }
  })
})
