import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { startAuthEventStream, startTokenIssuer, type AuthEventStream, type TokenIssuer } from '@travel-crm/testkit'
import { buildGateway } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { requestTargetProblem } from '../src/request-target.js'
import { startStandIn, type StandIn } from './stand-ins.js'

describe('request targets the gateway forwards', () => {
  it('takes plain paths and queries as they are', () => {
    for (const target of ['/clients', '/clients/7?limit=5&name=Jos%C3%A9', '/clients/7/notes/', '/reports/monthly-revenue?year=2027', '/clients?q=a/../b', '/clients/a..b', '/clients/%2e%2e%2ex']) {
      expect(requestTargetProblem(target), target).toBeUndefined()
    }
  })

  it('takes a target exactly when a URL parser keeps its path as it is, whatever its characters', () => {
    const characters = fc.constantFrom(...'/aZ09._~-%2e5cfF\\?#@:!$&\'()*+,;= "<>`{}|^[]\t'.split(''), 'é')
    fc.assert(fc.property(fc.array(characters, { maxLength: 16 }).map((chars) => `/${chars.join('')}`), (target) => {
      const path = target.split('?')[0] ?? target
      let kept: boolean
      try {
        const parsed = new URL(target, 'http://gateway.invalid')
        kept = parsed.origin === 'http://gateway.invalid' && parsed.pathname === path && !target.startsWith('//') &&
          !/\\|%5c|%2f/i.test(path) && !path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))
      } catch {
        kept = false
      }
      expect(requestTargetProblem(target) === undefined, target).toBe(kept)
    }), { numRuns: 2000 })
  })

  it('refuses what a URL parser would turn into another path or host', () => {
    for (const target of [
      'http://x/login', 'https://evil.example/users', '*', '//evil.example/users',
      '/clients/6\\..\\..\\users', '/clients/6%5C..%5C..%5Cusers', '/clients/6/../../users', '/clients/./7',
      '/clients/6/%2e%2e/%2E%2E/users', '/clients/6/.%2e/users', '/clients/6%2F..%2F..%2Fusers', '/clients/ 7', '/clients/"7"'
    ]) {
      expect(requestTargetProblem(target), target).toBeDefined()
    }
  })
})

describe('the gateway on the wire', () => {
  let authEvents: AuthEventStream
  let issuer: TokenIssuer
  let upstream: StandIn
  let gateway: Awaited<ReturnType<typeof buildGateway>>
  let port: number

  /** Writes a request line and headers as they are, with no client library to tidy them up. */
  async function raw (requestLine: string, headers: string[] = [], body = ''): Promise<{ status: number, text: string }> {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    const ended = new Promise<void>((resolve) => { socket.on('close', () => { resolve() }) })
    socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((header) => `${header}\r\n`).join('')}\r\n${body}`)
    await ended
    const text = Buffer.concat(chunks).toString('utf8')
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), text }
  }

  beforeAll(async () => {
    authEvents = await startAuthEventStream()
    issuer = await startTokenIssuer()
    upstream = await startStandIn()
    gateway = await buildGateway(loadConfig({
      ...authEvents.env, LOG_LEVEL: 'silent', AUTH_URL: issuer.url, CRM_URL: upstream.url, BILLING_URL: upstream.url, REPORTING_URL: upstream.url
    }))
    await gateway.listen({ port: 0, host: '127.0.0.1' })
    port = (gateway.server.address() as AddressInfo).port
  })

  afterAll(async () => {
    await gateway?.close()
    await upstream?.close()
    await issuer?.close()
    await authEvents?.close()
  })

  it('answers an absolute-form or smuggled path with a 400 problem, and forwards nothing', async () => {
    const token = `Authorization: Bearer ${issuer.token('admin')}`
    const before = upstream.received.length
    for (const line of [
      'POST http://x/login HTTP/1.1', 'GET http://127.0.0.1/clients HTTP/1.1', 'GET /clients/6\\..\\..\\users HTTP/1.1',
      'GET /clients/6/%2e%2e/%2e%2e/users HTTP/1.1', 'GET /clients/6%2f..%2f..%2fusers HTTP/1.1', 'GET //127.0.0.1/users HTTP/1.1'
    ]) {
      const response = await raw(line, [token, 'Content-Length: 0'])
      expect(response.status, line).toBe(400)
      expect(response.text, line).toMatch(/application\/problem\+json/)
      expect(response.text, line).toContain('BAD_REQUEST_TARGET')
    }
    expect(upstream.received.length).toBe(before)
  })

  it('forwards an accepted path byte for byte', async () => {
    const path = '/clients/7?name=Jos%C3%A9&limit=5'
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${issuer.token('agent')}` } })
    expect(response.status).toBe(200)
    expect(upstream.received.at(-1)?.url).toBe(path)
  })

  it('passes an empty JSON body on as empty, for the service to refuse in its own words', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/clients`, {
      method: 'POST', body: '', headers: { authorization: `Bearer ${issuer.token('agent')}`, 'content-type': 'application/json' }
    })
    expect(response.status).toBe(200)
    const received = upstream.received.at(-1)
    expect(received?.body).toBe('')
    expect(received?.headers['content-type']).toBe('application/json')
    expect(received?.headers['content-length']).toBe('0')
  })
})
