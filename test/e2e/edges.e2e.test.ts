import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caller, startStack, TEST_METRICS_TOKEN, type Call, type Stack } from '@travel-crm/testkit'

/** The edges an attacker probes, on the running stack: through the gateway and straight at the services. */
describe('the edges of the stack', () => {
  let stack: Stack
  let call: Call
  let adminToken: string

  /** A request line written as it is, with no client library to tidy it up; the status it got. */
  async function rawStatus (requestLine: string, headers: string[] = []): Promise<{ status: number, text: string }> {
    const socket = connect(Number(new URL(stack.gatewayUrl).port), '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    const closed = new Promise<void>((resolve) => { socket.on('close', () => { resolve() }) })
    socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n${headers.map((header) => `${header}\r\n`).join('')}\r\n`)
    await closed
    const text = Buffer.concat(chunks).toString('utf8')
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), text }
  }

  beforeAll(async () => {
    stack = await startStack()
    call = caller(stack.gatewayUrl)
    const login = await call('POST', '/login', { body: { username: stack.admin.username, password: stack.admin.password } })
    adminToken = login.body.access_token as string
    const agent = await call('POST', '/register', { token: adminToken, body: { username: 'victim', password: 'quiet-long-passphrase', role: 'agent' } })
    expect(agent.status, agent.text).toBe(201)
  })

  afterAll(async () => {
    await stack?.stop()
  })

  it('counts a client talking straight to auth by its own address, whatever X-Forwarded-For it invents', async () => {
    const statuses: number[] = []
    for (let attempt = 0; attempt < 8; attempt++) {
      const response = await call('POST', '/login', {
        baseUrl: stack.urls.auth, headers: { 'x-forwarded-for': `203.0.113.${attempt + 1}` }, body: { username: 'victim', password: `wrong-${attempt}` }
      })
      statuses.push(response.status)
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.slice(5)).toEqual([429, 429, 429])
    const right = await call('POST', '/login', { baseUrl: stack.urls.auth, headers: { 'x-forwarded-for': '203.0.113.99' }, body: { username: 'victim', password: 'quiet-long-passphrase' } })
    expect(right.status).toBe(429)
    // The gateway is the edge: it believes no client's X-Forwarded-For either, and vouches for the address it saw.
    const viaGateway = await call('POST', '/login', { headers: { 'x-forwarded-for': '203.0.113.1' }, body: { username: 'victim', password: 'quiet-long-passphrase' } })
    expect(viaGateway.status).toBe(429)
  })

  it('answers an absolute-form request line, backslashes and encoded dot segments with a 400, at the gateway', async () => {
    const token = `Authorization: Bearer ${adminToken}`
    for (const line of ['POST http://x/login HTTP/1.1', 'GET /clients/6\\..\\..\\users HTTP/1.1', 'GET /clients/6/%2e%2e/%2e%2e/users HTTP/1.1']) {
      const response = await rawStatus(line, [token])
      expect(response.status, line).toBe(400)
      expect(response.text, line).toContain('BAD_REQUEST_TARGET')
    }
  })

  it('lets an empty JSON body reach crm empty, so crm refuses it in its own words', async () => {
    const response = await call('POST', '/clients', { token: adminToken, raw: '' })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(response.text).not.toMatch(/Buffer|unknown fields/)
    const direct = await call('POST', '/clients', { token: adminToken, raw: '', baseUrl: stack.urls.crm })
    expect(response.body.code).toBe(direct.body.code)
  })

  it('serves /metrics only to a scraper holding METRICS_TOKEN, at the gateway and at every service', async () => {
    for (const url of [stack.gatewayUrl, stack.urls.auth, stack.urls.crm, stack.urls.billing, stack.urls.reporting]) {
      const open = await call('GET', '/metrics', { baseUrl: url })
      expect(open.status, url).toBe(401)
      expect(open.text, url).not.toMatch(/http_request_duration/)
      expect((await call('GET', '/metrics', { baseUrl: url, token: adminToken })).status, url).toBe(401)
      const scraped = await call('GET', '/metrics', { baseUrl: url, token: TEST_METRICS_TOKEN })
      expect(scraped.status, url).toBe(200)
      expect(scraped.text, url).toMatch(/http_request_duration_seconds/)
    }
  })
})
