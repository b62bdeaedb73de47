import type { IncomingMessage, ServerResponse } from 'node:http'
import { BlockList, isIPv6 } from 'node:net'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'
import { Redis } from 'ioredis'
import { ConfigError, defineProblem } from '@travel-crm/service-kit/http'
import type { GatewayConfig } from './config.js'

const RateLimited = defineProblem('RATE_LIMITED', 'Too many requests; try again in %s seconds', 429)

export interface Limiters {
  /** Every route: `RATE_LIMIT_MAX` per minute per client address. */
  everyRoute: onRequestHookHandler
  /** `POST /login`: the tighter `LOGIN_RATE_LIMIT_MAX`, against password guessing from one address. */
  login: onRequestHookHandler
}

/** `RATE_LIMIT_ALLOW` as a matcher: single addresses, CIDRs, and `loopback`. */
export function allowListOf (entries: string[]): (address: string) => boolean {
  const list = new BlockList()
  for (const entry of entries) {
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4')
      list.addAddress('::1', 'ipv6')
      continue
    }
    const [address = '', prefix] = entry.split('/')
    const family = isIPv6(address) ? 'ipv6' : 'ipv4'
    try {
      if (prefix === undefined) list.addAddress(address, family)
      else list.addSubnet(address, Number(prefix), family)
    } catch {
      throw new ConfigError(`Invalid configuration:\n  - RATE_LIMIT_ALLOW has "${entry}", which is not an address, a CIDR or "loopback"`)
    }
  }
  // Asked on every request, from few addresses: each is decided once (the memo is emptied, not grown without end).
  const decided = new Map<string, boolean>()
  return (address) => {
    let allowed = decided.get(address)
    if (allowed === undefined) {
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1]
      allowed = list.check(mapped ?? address, mapped === undefined && isIPv6(address) ? 'ipv6' : 'ipv4')
      if (decided.size >= 10_000) decided.clear()
      decided.set(address, allowed)
    }
    return allowed
  }
}

/**
 * The headers helmet sets, worked out once. With these options they are the same for every answer, and
 * running its middleware per request (a dozen `setHeader` calls on the raw response, each name and value
 * checked there and again when Fastify writes its own headers) cost the gateway a twentieth of its CPU.
 */
export function helmetHeaders (options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: unknown) => { headers[name.toLowerCase()] = String(value) },
    removeHeader: (name: string) => { Reflect.deleteProperty(headers, name.toLowerCase()) }
  }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => { if (error !== undefined) throw error })
  return headers
}

/** Security headers, CORS for the configured origins only, and rate limits by client address. */
export async function registerSecurity (app: FastifyInstance, config: GatewayConfig): Promise<Limiters> {
  // An API serves no HTML: the strictest content policy fits.
  const securityHeaders = helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ['\'none\''], frameAncestors: ['\'none\''] } } })
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaders)
    done()
  })
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'x-request-id', 'traceparent'],
      exposedHeaders: ['etag', 'location', 'link', 'x-total-count', 'x-request-id', 'retry-after'],
      maxAge: 600
    })
  }
  const allowed = allowListOf(config.rateLimitAllow)
  await app.register(rateLimit, {
    global: false,
    allowList: (request: FastifyRequest) => allowed(request.ip),
    errorResponseBuilder: (_request, context) => new RateLimited(String(Math.max(1, Math.ceil(context.ttl / 1000)))),
    ...await sharedCounters(app, config)
  })
  // Each limiter counts under a key of its own: in Redis both would otherwise land on one key per address (the
  // plugin's store names a limiter's keys after its route, and these two are not bound to one).
  return {
    everyRoute: app.rateLimit({ max: config.RATE_LIMIT_MAX, timeWindow: 60_000, keyGenerator: (request) => `all:${request.ip}` }) as onRequestHookHandler,
    login: app.rateLimit({ max: config.LOGIN_RATE_LIMIT_MAX, timeWindow: 60_000, keyGenerator: (request) => `login:${request.ip}` }) as onRequestHookHandler
  }
}

/**
 * With `RATE_LIMIT_REDIS_URL`, the counters live in Redis, so gateway replicas count together (one limit per
 * client address, whichever replica answers); without it each process counts on its own.
 */
async function sharedCounters (app: FastifyInstance, config: GatewayConfig): Promise<{ redis?: Redis, nameSpace?: string, skipOnError?: boolean }> {
  if (config.RATE_LIMIT_REDIS_URL === undefined) return {}
  // Short timeouts, one try per command and no queue while disconnected: a limit decided late is worse than one
  // not decided. While Redis is unreachable requests pass unlimited (auth still throttles failed logins in its
  // database) rather than the whole API answering 500.
  const redis = new Redis(config.RATE_LIMIT_REDIS_URL, {
    lazyConnect: true, connectTimeout: 1000, commandTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false
  })
  let lastComplaint = 0
  redis.on('error', (error: Error) => {
    if (Date.now() - lastComplaint < 10_000) return
    lastComplaint = Date.now()
    app.log.warn({ err: error }, 'rate-limit store (Redis) unreachable: requests are not being limited')
  })
  app.addHook('onClose', async () => { await redis.quit().catch(() => { redis.disconnect() }) })
  // Connected before the first request, which would otherwise pass uncounted; a Redis that is down at start
  // does not keep the gateway down (ioredis goes on reconnecting).
  await redis.connect().catch((error: unknown) => { app.log.warn({ err: error }, 'rate-limit store (Redis) unreachable at start') })
  return { redis, nameSpace: config.RATE_LIMIT_REDIS_PREFIX, skipOnError: true }
}
