import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { IncomingHttpHeaders } from 'node:http'
import { Pool, type Dispatcher } from 'undici'
import { BROWSER_SESSION_PATH, POLICY, type RoutePolicy, type ServiceName } from '@travel-crm/contracts'
import { accessGuard, GATEWAY_PROOF_HEADER, problemBody, sendProblem, type TokenVerifier } from '@travel-crm/service-kit/http'
import type { GatewayConfig } from './config.js'
import type { Limiters } from './security.js'
import type { Upstreams } from './upstreams.js'

/**
 * The request headers an upstream gets. An allow-list, not a block-list: identity headers a client made up
 * (`x-user-id`, `x-forwarded-user`, …) never arrive, whatever they are called. Identity travels only in the
 * token, which every service verifies again. `content-type` and `content-length` follow the body (below).
 */
const FORWARDED_HEADERS = [
  'authorization', 'accept', 'accept-language', 'user-agent',
  'traceparent', 'tracestate', 'idempotency-key', 'if-match', 'if-none-match',
  // The web app's session guards against cross-site requests (see auth's browser-sessions.ts).
  'origin', 'x-requested-with'
]

/**
 * The body the upstream gets: the bytes the client sent, never re-serialised (parsed JSON could come out
 * different). A body of bytes is labelled `application/octet-stream` when the client named no type; an empty
 * one goes without a type unless the client gave one. A request Fastify read no body for (GET, HEAD, DELETE
 * without one) is sent as it came.
 */
function upstreamBody (request: FastifyRequest, headers: IncomingHttpHeaders): Buffer | null {
  const body = request.body as Buffer | undefined
  const contentType = request.headers['content-type']
  if (body === undefined) {
    if (contentType !== undefined) headers['content-type'] = contentType
    if (request.headers['content-length'] !== undefined) headers['content-length'] = request.headers['content-length']
    return null
  }
  headers['content-length'] = String(body.length)
  if (body.length > 0) headers['content-type'] = contentType ?? 'application/octet-stream'
  else if (contentType !== undefined) headers['content-type'] = contentType
  return body
}

function upstreamHeaders (request: FastifyRequest, gatewaySecret: string | undefined): IncomingHttpHeaders {
  const received = request.headers
  const forwarded: IncomingHttpHeaders = {}
  for (const name of FORWARDED_HEADERS) {
    const value = received[name]
    if (value !== undefined) forwarded[name] = value
  }
  // Cookies are auth's session alone: browsers send the refresh cookie to /session only, and so does the gateway.
  if (received.cookie !== undefined && request.url.startsWith(BROWSER_SESSION_PATH)) forwarded.cookie = received.cookie
  forwarded['x-request-id'] = request.id
  forwarded['x-forwarded-for'] = request.ip
  forwarded['x-forwarded-proto'] = request.protocol
  // The upstream gets its own Host; auth compares a browser's Origin with the address it came to.
  if (received.host !== undefined) forwarded['x-forwarded-host'] = received.host
  if (gatewaySecret !== undefined) forwarded[GATEWAY_PROOF_HEADER] = gatewaySecret
  return forwarded
}

/**
 * A query of these characters a URL parser keeps byte for byte. The path needs no such check: a target whose
 * path the parser would change is refused on arrival (request-target.ts), and with it any `#` before the query.
 */
const PLAIN_QUERY = /^\?[A-Za-z0-9_~!$&()*+,;=:@/?.%-]*$/

/**
 * The request target as the upstream gets it. The gateway has always sent what a WHATWG URL parser makes of
 * the target (a query's `"`, `'`, `<`, `>` and non-ASCII percent-encoded, a `#…` dropped), so a target the
 * parser would change still goes through one; nearly every target is plain and goes as it came.
 */
function upstreamPath (url: string): string {
  const queryAt = url.indexOf('?')
  if (queryAt === -1 || PLAIN_QUERY.test(url.slice(queryAt))) return url
  const parsed = new URL(url, 'http://gateway.invalid')
  // A query the parser empties (`?`, `?#…`) was sent as it came.
  return parsed.pathname + (parsed.search === '' ? url.slice(queryAt) : parsed.search)
}

/** Connection refused, reset, unknown host: the upstream is not there. Timeouts: it is there but stuck. */
function failureOf (error: Error & { code?: string }): 503 | 504 {
  return error.code !== undefined && /TIMEOUT/.test(error.code) ? 504 : 503
}

/** A query that does not decode (`?q=%zz`) is refused here, as the router refuses such a path. */
function decodes (url: string): boolean {
  if (!url.includes('%')) return true
  try {
    decodeURIComponent(url)
    return true
  } catch {
    return false
  }
}

/** Bodies up to this size, of a stated length, are collected and written with the headers in one go. */
const COLLECTED_AT_MOST = 64 * 1024

/**
 * The upstream's answer, passed to the client as it comes: status and headers as they are (the upstream's
 * problem+json, ETag and 304 included; Node frames the body itself, so not `transfer-encoding`), the body as
 * the same bytes. A small body of known length is collected and sent with the headers in one write; any other
 * (exports, PDFs, zips, answers without a length) streams, paced by the client: the upstream is paused while
 * the client's socket is full.
 */
class UpstreamAnswer implements Dispatcher.DispatchHandler {
  private status = 0
  private headers: IncomingHttpHeaders = {}
  private collected: Buffer[] | undefined
  private streamed: Readable | undefined
  private finished = false

  constructor (private readonly service: string, private readonly request: FastifyRequest, private readonly reply: FastifyReply) {}

  // Present so that undici calls this handler by its current interface (it tells them apart by this method).
  onRequestStart (): void {}

  onResponseStart (controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // The client went away while the upstream was working: nobody to answer.
    if (this.request.raw.aborted) {
      controller.abort(new Error('The client closed the request'))
      return
    }
    // What Fastify cannot send (and no service of ours answers) is an upstream not working.
    if (statusCode > 599) {
      controller.abort(new Error(`The upstream answered with status ${statusCode}`))
      return
    }
    this.status = statusCode
    this.headers = headers
    const length = headers['content-length']
    // Sent as a Buffer, a body keeps the upstream's type; Fastify would name one were it missing.
    if (length !== undefined && Number(length) <= COLLECTED_AT_MOST && headers['content-type'] !== undefined &&
      statusCode >= 200 && statusCode !== 204 && statusCode !== 304 && this.request.raw.method !== 'HEAD') {
      this.collected = []
      return
    }
    this.streamed = new Readable({
      read: () => { controller.resume() },
      destroy: (error, done) => {
        // The client went away mid-stream: the upstream stops sending too.
        if (!this.finished) controller.abort(error ?? new Error('The client closed the request'))
        done(error)
      }
    })
    this.answer(this.streamed)
  }

  onResponseData (controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.collected !== undefined) this.collected.push(chunk)
    else if (this.streamed?.push(chunk) === false) controller.pause()
  }

  onResponseEnd (): void {
    this.finished = true
    const { collected } = this
    if (collected !== undefined) this.answer(collected.length === 1 ? collected[0] as Buffer : Buffer.concat(collected))
    else this.streamed?.push(null)
  }

  onResponseError (_controller: Dispatcher.DispatchController, error: Error & { code?: string }): void {
    this.finished = true
    const { reply, request, service } = this
    // Mid-stream the status is sent already: the client's connection is cut, as the upstream's was.
    if (this.streamed !== undefined) {
      this.streamed.destroy(error)
      return
    }
    if (reply.sent || request.raw.aborted) return
    request.log.warn({ err: error }, 'the upstream did not answer')
    const status = failureOf(error)
    const detail = status === 504 ? `The ${service} service did not answer in time` : `The ${service} service is unavailable`
    if (status === 503) void reply.header('retry-after', '5')
    sendProblem(reply, problemBody(status, status === 504 ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE', detail, request.url), [service])
  }

  private answer (body: Buffer | Readable): void {
    const { reply, headers } = this
    for (const name in headers) {
      if (name !== 'transfer-encoding') void reply.header(name, headers[name])
    }
    // An HTTP/1 connection is reusable only once its request body was read; an upstream may answer before that.
    if (!this.request.raw.complete) void reply.header('connection', 'close')
    void reply.code(this.status).send(body)
  }
}

function forwardTo (service: ServiceName, upstream: Pool, gatewaySecret: string | undefined) {
  // Not async: the reply is sent from the upstream's answer, so there is no promise for Fastify to follow.
  return (request: FastifyRequest, reply: FastifyReply): void => {
    if (!decodes(request.url)) {
      sendProblem(reply, problemBody(400, 'BAD_URL', 'The URL is not validly percent-encoded', request.url))
      return
    }
    const headers = upstreamHeaders(request, gatewaySecret)
    const body = upstreamBody(request, headers)
    // Never retried: a POST must not happen twice, and a slow service should not be asked again and again.
    upstream.dispatch({ method: request.raw.method as Dispatcher.HttpMethod, path: upstreamPath(request.url), headers, body }, new UpstreamAnswer(service, request, reply))
  }
}

/**
 * One route per entry of the policy table, guarded by it and forwarded to the service that owns it. A
 * route missing from the table does not exist here: it is a 404 that never reaches a service.
 */
export async function registerProxy (app: FastifyInstance, config: GatewayConfig, upstreams: Upstreams, verify: TokenVerifier, limiters: Limiters): Promise<void> {
  // A pool of keep-alive connections per service.
  const pools = Object.fromEntries(Object.entries(upstreams).map(([service, url]) => [service, new Pool(new URL(url).origin, {
    connections: 128,
    connect: { timeout: config.UPSTREAM_CONNECT_TIMEOUT_MS },
    headersTimeout: config.UPSTREAM_TIMEOUT_MS,
    bodyTimeout: config.UPSTREAM_TIMEOUT_MS
  })])) as Record<ServiceName, Pool>
  app.addHook('onClose', async () => { await Promise.all(Object.values(pools).map(async (pool) => { await pool.destroy() })) })

  // Bodies are passed on as raw bytes, whatever their type; the owning service parses and validates them.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })

  for (const policy of POLICY) {
    app.route({
      method: policy.method,
      url: policy.url,
      onRequest: [limiterFor(policy, limiters), accessGuard(policy.access, verify, `${policy.method} ${policy.url}`)],
      handler: forwardTo(policy.service, pools[policy.service], config.GATEWAY_SECRET)
    })
  }
}

/** One limiter per request (the plugin runs only the first it meets): the two logins have the tighter one. */
function limiterFor (policy: RoutePolicy, limiters: Limiters) {
  return policy.method === 'POST' && (policy.url === '/login' || policy.url === '/session') ? limiters.login : limiters.everyRoute
}
