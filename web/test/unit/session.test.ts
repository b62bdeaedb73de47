import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { HttpClient, travelCrmApi } from '../../src/api/client.js'
import { ApiError } from '../../src/api/problem.js'
import { refreshDelayMs, Session } from '../../src/api/session.js'

/**
 * A small HTTP server speaking the gateway's session and API protocol, so that the session and the client are
 * tested through real requests: what they send, how often, and what they do with each answer.
 */
interface Seen { method: string, url: string, headers: IncomingMessage['headers'], body: string }

describe('the browser session and the API client', () => {
  let server: Server
  let baseUrl: string
  let seen: Seen[]
  let issued: number
  let validToken: string
  let refreshAnswer: number

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers }).end(JSON.stringify(body))
  }
  const problem = (status: number, code: string, extra: object = {}) => ({ type: 'about:blank', title: 'Error', status, code, detail: `${code} detail`, ...extra })

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => { body += chunk.toString() })
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
        const authorised = request.headers.authorization === `Bearer ${validToken}`
        if (request.url === '/session' || request.url === '/session/refresh') {
          if (request.url === '/session/refresh' && refreshAnswer !== 200) return json(response, refreshAnswer, problem(refreshAnswer, 'AUTH_INVALID_REFRESH_TOKEN'))
          issued += 1
          validToken = `token-${issued}`
          return json(response, 200, { access_token: validToken, token_type: 'Bearer', expires_in: 900 })
        }
        if (request.url === '/session/logout') return response.writeHead(204).end()
        if (!authorised) return json(response, 401, problem(401, 'UNAUTHENTICATED'))
        if (request.url === '/me') return json(response, 200, { user_id: 3, username: 'ana', role: 'agent' })
        if (request.url?.startsWith('/clients?')) return json(response, 200, [{ id: 1 }], { 'x-total-count': '41' })
        if (request.url === '/clients/1' && request.method === 'PATCH') return json(response, 412, problem(412, 'CRM_STALE_VERSION'))
        if (request.url === '/clients' && request.method === 'POST') {
          return json(response, 400, problem(400, 'VALIDATION_FAILED', { errors: [{ path: 'body/email', message: 'must match format "email"' }] }))
        }
        if (request.url === '/payments') return json(response, 422, problem(422, 'BILLING_PAYMENT_EXCEEDS_BALANCE', { balance: '200.00' }))
        json(response, 404, problem(404, 'NOT_FOUND'))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  let timers: Array<{ ms: number, cleared: boolean }>
  const newSession = () => new Session({
    baseUrl,
    setTimeout: (_callback, ms) => { const timer = { ms, cleared: false }; timers.push(timer); return timer },
    clearTimeout: (handle) => { if (handle !== undefined) (handle as { cleared: boolean }).cleared = true }
  })

  beforeEach(() => {
    seen = []
    issued = 0
    validToken = 'none-yet'
    refreshAnswer = 200
    timers = []
  })

  it('refreshes a minute before expiry, or at four fifths of a short lifetime', () => {
    expect(refreshDelayMs(3600)).toBe(2_880_000)
    expect(refreshDelayMs(900)).toBe(720_000)
    expect(refreshDelayMs(120)).toBe(60_000)
    expect(refreshDelayMs(1)).toBe(1000)
  })

  it('logs in with the app\'s header, keeps the access token in memory and schedules the silent refresh', async () => {
    const session = newSession()
    await session.login('ana', 'secret-password')
    expect(session.token).toBe('token-1')
    expect(session.user).toEqual({ user_id: 3, username: 'ana', role: 'agent' })
    const login = seen.find((request) => request.url === '/session')
    expect(login?.headers['x-requested-with']).toBe('travel-crm-web')
    expect(JSON.parse(login?.body ?? '{}')).toEqual({ username: 'ana', password: 'secret-password' })
    expect(timers.map((timer) => timer.ms)).toEqual([720_000])
  })

  it('sends one refresh for callers that ask at once, and replaces the scheduled one', async () => {
    const session = newSession()
    await session.login('ana', 'secret-password')
    const results = await Promise.all([session.refresh(), session.refresh(), session.refresh()])
    expect(results).toEqual([true, true, true])
    expect(seen.filter((request) => request.url === '/session/refresh')).toHaveLength(1)
    expect(session.token).toBe('token-2')
    expect(timers[0]?.cleared).toBe(true)
  })

  it('on a 401, refreshes once and sends the request again with the new token', async () => {
    const session = newSession()
    await session.login('ana', 'secret-password')
    validToken = 'rotated-elsewhere'
    const api = travelCrmApi(new HttpClient(session, baseUrl))
    const page = await api.clients.list({ name: 'ana', limit: 20, offset: 0 })
    expect(page).toEqual({ items: [{ id: 1 }], total: 41 })
    const clients = seen.filter((request) => request.url.startsWith('/clients'))
    expect(clients.map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2'])
    expect(clients[0]?.url).toBe('/clients?name=ana&limit=20&offset=0')
  })

  it('ends the session when the refresh is refused, without asking again and again', async () => {
    const session = newSession()
    await session.login('ana', 'secret-password')
    let changes = 0
    session.subscribe(() => { changes += 1 })
    validToken = 'revoked'
    refreshAnswer = 401
    const api = travelCrmApi(new HttpClient(session, baseUrl))
    const failure = await api.clients.get(1).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).status).toBe(401)
    expect(session.user).toBeUndefined()
    expect(session.token).toBeUndefined()
    expect(changes).toBe(1)
    expect(seen.filter((request) => request.url === '/session/refresh')).toHaveLength(1)
  })

  it('logs out on the server and forgets the token', async () => {
    const session = newSession()
    await session.login('ana', 'secret-password')
    await session.logout()
    expect(seen.at(-1)?.url).toBe('/session/logout')
    expect(session.token).toBeUndefined()
  })

  /** The refusal a call ends in (the test fails if it succeeds). */
  const refusalOf = async (call: Promise<unknown>): Promise<ApiError> => {
    const outcome = await call.then(() => undefined, (error: unknown) => error)
    if (!(outcome instanceof ApiError)) throw new Error('expected the API to refuse')
    return outcome
  }

  it('sends If-Match and Idempotency-Key, and reads refusals as problems with their fields and figures', async () => {
    const session = newSession()
    await session.login('ana', 'secret-password')
    const api = travelCrmApi(new HttpClient(session, baseUrl))

    const stale = await refusalOf(api.clients.update(1, { name: 'Ana' }, 4))
    expect(seen.at(-1)?.headers['if-match']).toBe('"4"')
    expect(stale.status).toBe(412)

    const invalid = await refusalOf(api.clients.create({ name: 'Ana', email: 'nope', phone: '1' }))
    expect(invalid.fieldErrors()).toEqual({ email: 'must match format "email"' })

    const refused = await refusalOf(api.payments.create({ invoice_id: 1, amount: '500.00', payment_method: 'card' }, 'key-123'))
    expect(seen.at(-1)?.headers['idempotency-key']).toBe('key-123')
    expect(refused.status).toBe(422)
    expect(refused.problem['balance']).toBe('200.00')
  })
})
