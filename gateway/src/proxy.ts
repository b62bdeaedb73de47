import replyFrom from '@fastify/reply-from'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { IncomingHttpHeaders } from 'node:http'
import { BROWSER_SESSION_PATH, POLICY, type RoutePolicy } from '@travel-crm/contracts'
import { accessGuard, GATEWAY_PROOF_HEADER, problemBody, sendProblem, type TokenVerifier } from '@travel-crm/service-kit/http'
import type { GatewayConfig } from './config.js'
import type { Limiters } from './security.js'
import type { Upstreams } from './upstreams.js'

/**
 * The request headers an upstream gets. An allow-list, not a block-list: identity headers a client made up
 * (`x-user-id`, `x-forwarded-user`, …) never arrive, whatever they are called. Identity travels only in the
 * token, which every service verifies again.
 */
const FORWARDED_HEADERS = [
  'authorization', 'content-type', 'accept', 'accept-language', 'user-agent',
  'traceparent', 'tracestate', 'idempotency-key', 'if-match', 'if-none-match',
  // The web app's session guards against cross-site requests (see auth's browser-sessions.ts).
  'origin', 'x-requested-with'
]

function upstreamHeaders (request: Pick<FastifyRequest, 'id' | 'ip' | 'protocol' | 'url' | 'headers'>, headers: IncomingHttpHeaders, gatewaySecret: string | undefined): IncomingHttpHeaders {
  const forwarded: IncomingHttpHeaders = { host: headers.host }
  for (const name of FORWARDED_HEADERS) {
    if (headers[name] !== undefined) forwarded[name] = headers[name]
  }
  // Cookies are auth's session alone: browsers send the refresh cookie to /session only, and so does the gateway.
  if (headers.cookie !== undefined && request.url.startsWith(BROWSER_SESSION_PATH)) forwarded.cookie = headers.cookie
  if (headers['content-length'] !== undefined) forwarded['content-length'] = headers['content-length']
  forwarded['x-request-id'] = request.id
  forwarded['x-forwarded-for'] = request.ip
  forwarded['x-forwarded-proto'] = request.protocol
  // reply-from sends the upstream's own Host; auth compares a browser's Origin with the address it came to.
  if (request.headers.host !== undefined) forwarded['x-forwarded-host'] = request.headers.host
  if (gatewaySecret !== undefined) forwarded[GATEWAY_PROOF_HEADER] = gatewaySecret
  return forwarded
}

/** Connection refused, reset, unknown host: the upstream is not there. Timeouts: it is there but stuck. */
function failureOf (error: Error & { code?: string, statusCode?: number, cause?: unknown }): 503 | 504 {
  const codes = [error.code, (error.cause as { code?: string } | undefined)?.code]
  if (error.statusCode === 504 || codes.some((code) => code !== undefined && /TIMEOUT/.test(code))) return 504
  return 503
}

/** reply-from decodes the whole URL, query included, to look for `..`, and throws on `?q=%zz`. */
function decodes (url: string): boolean {
  try {
    decodeURIComponent(url)
    return true
  } catch {
    return false
  }
}

/**
 * The body stays the bytes the client sent; re-serialising parsed JSON could change it. An empty body must be
 * given as empty text: left to reply-from, the empty Buffer would be JSON-encoded as `{"type":"Buffer",...}`.
 */
function bodyOf (request: FastifyRequest): { body: Buffer | string | null, contentType?: string } | Record<string, never> {
  const body = request.body as Buffer | undefined
  const contentType = request.headers['content-type']
  if (body === undefined) return {}
  if (body.length > 0) return { body, contentType: contentType ?? 'application/octet-stream' }
  return contentType === undefined ? { body: null } : { body: '', contentType }
}

function forwardTo (service: string, upstream: string, gatewaySecret: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!decodes(request.url)) return sendProblem(reply, problemBody(400, 'BAD_URL', 'The URL is not validly percent-encoded', request.url))
    return reply.from(request.url, {
      getUpstream: () => upstream,
      ...bodyOf(request),
      rewriteRequestHeaders: (request, headers) => upstreamHeaders(request, headers, gatewaySecret),
      // Never retried: a POST must not happen twice, and a slow service should not be asked again and again.
      retryDelay: () => null,
      onError: (failed, { error }) => {
        const status = failureOf(error)
        const detail = status === 504 ? `The ${service} service did not answer in time` : `The ${service} service is unavailable`
        if (status === 503) void failed.header('retry-after', '5')
        sendProblem(failed as FastifyReply, problemBody(status, status === 504 ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE', detail, request.url), [service])
      }
    })
  }
}

/**
 * One route per entry of the policy table, guarded by it and forwarded to the service that owns it. A
 * route missing from the table does not exist here: it is a 404 that never reaches a service.
 */
export async function registerProxy (app: FastifyInstance, config: GatewayConfig, upstreams: Upstreams, verify: TokenVerifier, limiters: Limiters): Promise<void> {
  await app.register(replyFrom, {
    undici: {
      connect: { timeout: config.UPSTREAM_CONNECT_TIMEOUT_MS },
      headersTimeout: config.UPSTREAM_TIMEOUT_MS,
      bodyTimeout: config.UPSTREAM_TIMEOUT_MS
    }
  })
  // Bodies are passed on as raw bytes, whatever their type; the owning service parses and validates them.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })

  for (const policy of POLICY) {
    app.route({
      method: policy.method,
      url: policy.url,
      onRequest: [limiterFor(policy, limiters), accessGuard(policy.access, verify, `${policy.method} ${policy.url}`)],
      handler: forwardTo(policy.service, upstreams[policy.service], config.GATEWAY_SECRET)
    })
  }
}

/** One limiter per request (the plugin runs only the first it meets): the two logins have the tighter one. */
function limiterFor (policy: RoutePolicy, limiters: Limiters) {
  return policy.method === 'POST' && (policy.url === '/login' || policy.url === '/session') ? limiters.login : limiters.everyRoute
}
