import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTokenIssuer, type TokenIssuer, startAuthEventStream, type AuthEventStream } from '@travel-crm/testkit'
import { buildGateway } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { nothingListening, startStandIn, type StandIn } from './stand-ins.js'

// Auth's events, which the gateway reads to refuse tokens of accounts that moved on, in a stream of this file's own.
let authEvents: AuthEventStream
beforeAll(async () => { authEvents = await startAuthEventStream() })
afterAll(async () => { await authEvents?.close() })

type Gateway = Awaited<ReturnType<typeof buildGateway>>

describe('the gateway as a proxy', () => {
  let issuer: TokenIssuer
  const standIns: Record<string, StandIn> = {}
  let gateway: Gateway

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    for (const service of ['crm', 'billing', 'reporting']) standIns[service] = await startStandIn()
    // Auth's stand-in publishes the issuer's keys, and echoes its other routes like the rest.
    const jwks = await (await fetch(`${issuer.url}/.well-known/jwks.json`)).text()
    standIns['auth'] = await startStandIn((request, response) => {
      const body = request.url === '/.well-known/jwks.json' ? jwks : JSON.stringify(request)
      response.writeHead(200, { 'content-type': 'application/json' }).end(body)
    })
    gateway = await buildGateway(loadConfig({ ...authEvents.env,
      LOG_LEVEL: 'silent',
      AUTH_URL: standIns['auth']?.url,
      CRM_URL: standIns['crm']?.url,
      BILLING_URL: standIns['billing']?.url,
      REPORTING_URL: standIns['reporting']?.url
    }))
    await gateway.ready()
  })

  afterAll(async () => {
    await gateway?.close()
    await issuer?.close()
    for (const standIn of Object.values(standIns)) await standIn.close()
  })

  const lastReceivedBy = (service: string) => standIns[service]?.received.at(-1)

  it('sends each route to the service that owns it, query string included', async () => {
    const token = issuer.token('admin')
    const routes: Array<[string, string]> = [
      ['/clients/7?limit=5', 'crm'],
      ['/trips', 'crm'],
      ['/clients/7/notes', 'crm'],
      ['/invoices?status=Paid', 'billing'],
      ['/invoice/3', 'billing'],
      ['/payment/3', 'billing'],
      ['/clients/7/details', 'reporting'],
      ['/clients/7/details/export', 'reporting'],
      ['/clients/export', 'reporting'],
      ['/reports/monthly-revenue?year=2027', 'reporting']
    ]
    for (const [url, service] of routes) {
      const response = await gateway.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
      expect(response.statusCode, url).toBe(200)
      expect(response.json().url, url).toBe(url)
      expect(lastReceivedBy(service)?.url, url).toBe(url)
    }
  })

  it('checks the token and the role itself before a service sees the request', async () => {
    const before = standIns['crm']?.received.length
    const anonymous = await gateway.inject({ method: 'GET', url: '/clients' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/)
    const analyst = await gateway.inject({ method: 'DELETE', url: '/clients/1', headers: { authorization: `Bearer ${issuer.token('analyst')}` } })
    expect(analyst.statusCode).toBe(403)
    const garbage = await gateway.inject({ method: 'GET', url: '/clients', headers: { authorization: 'Bearer not.a.token' } })
    expect(garbage.statusCode).toBe(401)
    expect(standIns['crm']?.received.length).toBe(before)
  })

  it('lets public routes through without a token, and anonymous registration to auth, which alone knows if users exist', async () => {
    expect((await gateway.inject({ method: 'GET', url: '/roles' })).statusCode).toBe(200)
    expect((await gateway.inject({ method: 'POST', url: '/login', payload: { username: 'a', password: 'b' } })).statusCode).toBe(200)
    expect(lastReceivedBy('auth')?.url).toBe('/login')
    const register = await gateway.inject({ method: 'POST', url: '/register', payload: { username: 'first', password: 'first-password' } })
    expect(register.statusCode).toBe(200)
    expect(lastReceivedBy('auth')?.url).toBe('/register')
    expect((await gateway.inject({ method: 'POST', url: '/register', headers: { authorization: `Bearer ${issuer.token('agent')}` }, payload: {} })).statusCode).toBe(403)
  })

  it('answers routes missing from the policy table itself, with 404', async () => {
    const counts = Object.values(standIns).map((standIn) => standIn.received.length)
    for (const [method, url] of [['GET', '/admin'], ['PUT', '/clients/1'], ['GET', '/users/1'], ['POST', '/reports/monthly-revenue'], ['GET', '/clients/1/notes/2']] as const) {
      const response = await gateway.inject({ method, url, headers: { authorization: `Bearer ${issuer.token('admin')}` } })
      expect(response.statusCode, `${method} ${url}`).toBe(404)
      expect(response.json().code).toBe('ROUTE_NOT_FOUND')
    }
    expect(Object.values(standIns).map((standIn) => standIn.received.length)).toEqual(counts)
  })

  it('forwards the token, request id, trace and precondition headers, and drops identity headers a client made up', async () => {
    const token = issuer.token('agent')
    const response = await gateway.inject({
      method: 'PATCH',
      url: '/clients/7',
      headers: {
        authorization: `Bearer ${token}`,
        'x-request-id': 'req-abc-123',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'idempotency-key': 'key-1',
        'if-match': '"4"',
        'content-type': 'application/json',
        'x-user-id': '1',
        'x-user-role': 'admin',
        'x-forwarded-user': 'boss',
        'x-remote-user': 'boss',
        'remote-user': 'boss',
        'x-auth-request-user': 'boss',
        'x-actor-id': '1',
        'x-forwarded-for': '10.9.8.7',
        cookie: 'session=stolen'
      },
      payload: '{"name":"Ada"}'
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['x-request-id']).toBe('req-abc-123')
    const received = lastReceivedBy('crm')
    expect(received?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'x-request-id': 'req-abc-123',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'idempotency-key': 'key-1',
      'if-match': '"4"',
      'content-type': 'application/json',
      // The client's own claim about its address is not believed: the gateway trusts no proxy by default.
      'x-forwarded-for': '127.0.0.1'
    })
    for (const made of ['x-user-id', 'x-user-role', 'x-forwarded-user', 'x-remote-user', 'remote-user', 'x-auth-request-user', 'x-actor-id', 'cookie']) {
      expect(received?.headers, made).not.toHaveProperty(made)
    }
  })

  it('passes the refresh cookie, the Origin and the address the browser used to auth\'s /session routes only', async () => {
    const headers = { cookie: 'travel_crm_refresh=abc', origin: 'https://crm.example.com', 'x-requested-with': 'travel-crm-web', host: 'crm.example.com' }
    await gateway.inject({ method: 'POST', url: '/session/refresh', headers })
    expect(lastReceivedBy('auth')?.headers).toMatchObject({ cookie: 'travel_crm_refresh=abc', origin: 'https://crm.example.com', 'x-requested-with': 'travel-crm-web', 'x-forwarded-host': 'crm.example.com' })
    await gateway.inject({ method: 'POST', url: '/logout', headers, payload: {} })
    expect(lastReceivedBy('auth')?.headers).not.toHaveProperty('cookie')
  })

  it('passes the body on byte for byte', async () => {
    const body = '{ "amount": 1250.10,  "note": "Grüße =1+1", "amount": "dup" }'
    await gateway.inject({ method: 'POST', url: '/payments', headers: { authorization: `Bearer ${issuer.token('agent')}`, 'content-type': 'application/json' }, payload: body })
    expect(lastReceivedBy('billing')?.body).toBe(body)
    const csv = 'a,b\n1,2\n'
    await gateway.inject({ method: 'POST', url: '/clients', headers: { authorization: `Bearer ${issuer.token('agent')}`, 'content-type': 'text/csv' }, payload: csv })
    expect(lastReceivedBy('crm')).toMatchObject({ body: csv, headers: { 'content-type': 'text/csv' } })
  })

  it('sends the query as a URL parser writes it, and refuses one that does not decode', async () => {
    const headers = { authorization: `Bearer ${issuer.token('admin')}` }
    for (const [sent, received] of [['/clients?name=o\'neil&limit=5', '/clients?name=o%27neil&limit=5'], ['/clients?name=%C3%A5sa', '/clients?name=%C3%A5sa']]) {
      expect((await gateway.inject({ method: 'GET', url: sent, headers })).statusCode, sent).toBe(200)
      expect(lastReceivedBy('crm')?.url, sent).toBe(received)
    }
    const before = standIns['crm']?.received.length
    const undecodable = await gateway.inject({ method: 'GET', url: '/clients?name=%zz', headers })
    expect(undecodable.statusCode).toBe(400)
    expect(undecodable.json().code).toBe('BAD_URL')
    expect(standIns['crm']?.received.length).toBe(before)
  })

  it('refuses a request id that could forge log lines, and makes its own', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/roles', headers: { 'x-request-id': 'evil\tid with spaces' } })
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(lastReceivedBy('auth')?.headers['x-request-id']).toBe(response.headers['x-request-id'])
  })
})

describe('the answers of an upstream', () => {
  let issuer: TokenIssuer
  let gateway: Gateway
  // crm's and reporting's answers.
  let crm: StandIn
  // Bigger than what the gateway collects before answering: it has to stream.
  const export_ = Buffer.from('id,name\n' + Array.from({ length: 20_000 }, (_, index) => `${index},Client ${index}\n`).join(''))

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    crm = await startStandIn((request, response) => {
      if (request.url === '/clients/export') {
        // No length: the body is sent in chunks as it is made.
        response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="clients.csv"' })
        for (let at = 0; at < export_.length; at += 16_384) response.write(export_.subarray(at, at + 16_384))
        response.end()
      } else if (request.headers['if-none-match'] === '"7"') {
        response.writeHead(304, { etag: '"7"' }).end()
      } else {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': 8, etag: '"7"', 'set-cookie': ['a=1', 'b=2'] }).end('{"id":7}')
      }
    })
    gateway = await buildGateway(loadConfig({ ...authEvents.env, LOG_LEVEL: 'silent', AUTH_URL: issuer.url, CRM_URL: crm.url, REPORTING_URL: crm.url }))
    await gateway.ready()
  })

  afterAll(async () => {
    await gateway?.close()
    await issuer?.close()
    await crm?.close()
  })

  const asAdmin = () => ({ authorization: `Bearer ${issuer.token('admin')}` })

  it('passes a small answer on whole: status, headers and body as the service sent them', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/clients/7', headers: asAdmin() })
    expect(response.statusCode).toBe(200)
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', etag: '"7"', 'content-length': '8', 'set-cookie': ['a=1', 'b=2'], 'x-content-type-options': 'nosniff' })
    expect(response.body).toBe('{"id":7}')
  })

  it('passes a 304 and a HEAD on without a body', async () => {
    const notModified = await gateway.inject({ method: 'GET', url: '/clients/7', headers: { ...asAdmin(), 'if-none-match': '"7"' } })
    expect(notModified.statusCode).toBe(304)
    expect(notModified.headers.etag).toBe('"7"')
    expect(notModified.body).toBe('')
    const head = await gateway.inject({ method: 'HEAD', url: '/clients/7', headers: asAdmin() })
    expect(head.statusCode).toBe(200)
    expect(head.headers['content-length']).toBe('8')
    expect(head.body).toBe('')
  })

  it('streams an answer of unknown length byte for byte', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/clients/export', headers: asAdmin() })
    expect(response.statusCode).toBe(200)
    expect(response.headers).toMatchObject({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="clients.csv"', 'x-content-type-options': 'nosniff' })
    expect(response.headers['content-length']).toBeUndefined()
    expect(response.rawPayload.equals(export_)).toBe(true)
  })
})

describe('a failing upstream', () => {
  let issuer: TokenIssuer
  let gateway: Gateway
  const standIns: StandIn[] = []

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    // crm never answers; billing answers with its own 4xx; reporting is not running at all.
    const silent = await startStandIn(() => {})
    const refusing = await startStandIn((_request, response) => {
      response.writeHead(409, { 'content-type': 'application/problem+json', etag: '"9"', 'x-custom': 'kept' })
        .end(JSON.stringify({ type: 'urn:travel-crm:problem:billing-over-payment', title: 'Conflict', status: 409, code: 'BILLING_OVER_PAYMENT', detail: 'above the open balance' }))
    })
    standIns.push(silent, refusing)
    gateway = await buildGateway(loadConfig({ ...authEvents.env,
      LOG_LEVEL: 'silent',
      AUTH_URL: issuer.url,
      CRM_URL: silent.url,
      BILLING_URL: refusing.url,
      REPORTING_URL: await nothingListening(),
      UPSTREAM_TIMEOUT_MS: '300'
    }))
    await gateway.ready()
  })

  afterAll(async () => {
    await gateway?.close()
    await issuer?.close()
    for (const standIn of standIns) await standIn.close()
  })

  const asAdmin = () => ({ authorization: `Bearer ${issuer.token('admin')}` })

  it('answers 503 problem+json when the service is down', async () => {
    const response = await gateway.inject({ method: 'GET', url: '/reports/invoice-summary', headers: asAdmin() })
    expect(response.statusCode).toBe(503)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.headers['retry-after']).toBe('5')
    expect(response.json()).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE', detail: 'The reporting service is unavailable' })
  })

  it('answers 504 problem+json when the service does not answer in time, instead of hanging', async () => {
    const response = await gateway.inject({ method: 'POST', url: '/clients', headers: { ...asAdmin(), 'content-type': 'application/json' }, payload: '{}' })
    expect(response.statusCode).toBe(504)
    expect(response.json()).toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT', detail: 'The crm service did not answer in time' })
    // Never retried: a POST that may have reached the service must not be sent again.
    expect(standIns[0]?.received.filter((request) => request.method === 'POST')).toHaveLength(1)
  })

  it('passes a service\'s 4xx through unchanged', async () => {
    const response = await gateway.inject({ method: 'POST', url: '/payments', headers: { ...asAdmin(), 'content-type': 'application/json' }, payload: '{}' })
    expect(response.statusCode).toBe(409)
    expect(response.headers['content-type']).toBe('application/problem+json')
    expect(response.headers.etag).toBe('"9"')
    expect(response.headers['x-custom']).toBe('kept')
    expect(response.json()).toEqual({ type: 'urn:travel-crm:problem:billing-over-payment', title: 'Conflict', status: 409, code: 'BILLING_OVER_PAYMENT', detail: 'above the open balance' })
  })
})
