import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { believeForwardingOnlyFromGateway } from './gateway-proof.js'
import { loggerOptions } from './logger.js'
import { metricsAccess } from './metrics-access.js'
import { createMetrics, type Metrics } from './metrics.js'
import { installProblemHandlers, PROBLEM_CONTENT_TYPE, problemBody, sendProblem } from './problem.js'
import { typeBoxValidatorCompiler } from './validation.js'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
    /** Named checks behind `GET /readyz`; each layer adds the dependencies it brings (database, nats). */
    readiness: Map<string, ReadinessCheck>
    /** Gauges read from elsewhere (outbox backlog, dead letters), refreshed before each scrape. */
    beforeMetricsScrape: Array<() => Promise<void>>
  }
}

export type ReadinessCheck = () => Promise<void>

/** The name other layers declare as their dependency (`fastify-plugin`'s `dependencies`). */
export const HTTP_LAYER = '@travel-crm/http'

export interface HttpAppOptions {
  service: string
  logLevel: string
  bodyLimit?: number
  /** Named checks behind `GET /readyz`; each throws when its dependency is not usable. */
  readiness?: Record<string, ReadinessCheck>
  trustProxy?: FastifyServerOptions['trustProxy']
  /** A service behind the gateway: its forwarding headers count only with this proof (see gateway-proof.ts). */
  gatewaySecret?: string | undefined
  /** The Bearer token a scraper must send for `/metrics`; unset, nobody reads them. */
  metricsToken?: string | undefined
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * What Node's HTTP parser refuses (headers and URL over 16 KB, a malformed request line) never becomes a
 * request: Fastify answers on the socket. This does the same as Fastify's own handler, in problem+json.
 */
function answerClientError (error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code]: [number, string] = error.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'HEADERS_TOO_LARGE']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'REQUEST_TIMEOUT'] : [400, 'BAD_REQUEST']
  const body = JSON.stringify(problemBody(status, code, status === 431 ? 'The URL and headers may not exceed 16 KB together' : 'The request could not be read'))
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
  socket.destroy(error)
}

/**
 * A Fastify app with what every process of the stack shares: request ids, TypeBox validation that refuses
 * unknown fields, problem+json errors, timeouts and body limits, request metrics, health and readiness.
 */
export function createHttpApp (options: HttpAppOptions) {
  const app = Fastify({
    logger: loggerOptions(options.service, options.logLevel),
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    connectionTimeout: 30_000,
    keepAliveTimeout: 72_000,
    requestTimeout: 30_000,
    trustProxy: options.trustProxy ?? ['127.0.0.1', '::1'],
    return503OnClosing: true,
    // A layer may wait at start: the data layer for another replica's migrations (an advisory lock), or to
    // load the migrator and migrate a new schema while the machine is busy starting the other processes.
    // Fastify's 10 s default ended a crm starting beside five others on a loaded two-core machine.
    pluginTimeout: 30_000,
    // An id from the caller (the gateway, a client) is kept so one request can be followed across services.
    genReqId: (request) => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A URL that does not decode (`/clients/%C0%AF`) never reaches the error handler: Fastify answers it here.
    frameworkErrors: (_error, request, reply) => {
      void sendProblem(reply, problemBody(400, 'BAD_URL', 'The URL is not validly percent-encoded', request.url))
    },
    clientErrorHandler: answerClientError
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.setValidatorCompiler(typeBoxValidatorCompiler)
  installProblemHandlers(app)
  if ('gatewaySecret' in options) believeForwardingOnlyFromGateway(app, options.gatewaySecret)
  app.decorate('metrics', createMetrics(options.service))
  app.decorate('readiness', new Map(Object.entries(options.readiness ?? {})))
  app.decorate('beforeMetricsScrape', [])

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request, reply) => {
    app.metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000
    )
  })

  registerHealthRoutes(app, options.metricsToken)
  // The conventions above must be in place before any route, so they are applied here rather than in a plugin
  // that loads later; this names them as a plugin so that the other layers can declare that they need them.
  void app.register(fp(async () => {}, { name: HTTP_LAYER, fastify: '5.x' }))
  return app
}

/** An app of the stack, with the TypeBox type provider: handlers get their types from their schemas. */
export type HttpApp = ReturnType<typeof createHttpApp>

async function runChecks (checks: Map<string, ReadinessCheck>): Promise<{ ready: boolean, checks: Record<string, string> }> {
  const results = await Promise.all([...checks].map(async ([name, check]) => {
    try {
      await Promise.race([check(), new Promise((_resolve, reject) => setTimeout(() => reject(new Error('timed out')), 2000).unref())])
      return [name, 'ok'] as const
    } catch (error) {
      return [name, `unavailable: ${(error as Error).message}`] as const
    }
  }))
  return { ready: results.every(([, state]) => state === 'ok'), checks: Object.fromEntries(results) }
}

function registerHealthRoutes (app: FastifyInstance, metricsToken: string | undefined): void {
  const infrastructure = { infrastructure: true }
  app.get('/healthz', { config: infrastructure, logLevel: 'warn' }, async () => ({ status: 'ok' }))
  app.get('/readyz', { config: infrastructure, logLevel: 'warn' }, async (request, reply) => {
    const result = await runChecks(app.readiness)
    if (result.ready) return { status: 'ready', checks: result.checks }
    return sendProblem(reply, { ...problemBody(503, 'NOT_READY', 'Some dependencies are unavailable', request.url), checks: result.checks })
  })
  app.get('/metrics', { config: infrastructure, logLevel: 'warn', onRequest: metricsAccess(metricsToken) }, async (_request, reply) => {
    await Promise.all(app.beforeMetricsScrape.map(async (refresh) => {
      await refresh().catch((error: unknown) => { app.log.warn({ err: error }, 'metrics refresh failed') })
    }))
    return reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics())
  })
}

/**
 * Builds a service process's app: the http layer, then the service's own plugin (its `app.ts`), which registers
 * the other layers it takes and its routes. The plugin is not encapsulated, so what its layers decorate is on
 * the returned app (tests reach `orm` there). A plugin that fails leaves nothing open behind it.
 */
export async function buildHttpApp<Config extends { LOG_LEVEL: string, TRUST_PROXY: string, GATEWAY_SECRET?: string | undefined, METRICS_TOKEN?: string | undefined }> (
  service: string,
  config: Config,
  plugin: (app: HttpApp, options: { config: Config }) => Promise<void>
): Promise<HttpApp> {
  const app = createHttpApp({
    service, logLevel: config.LOG_LEVEL, trustProxy: config.TRUST_PROXY, gatewaySecret: config.GATEWAY_SECRET, metricsToken: config.METRICS_TOKEN
  })
  try {
    await app.register(fp(plugin, { name: service }), { config })
  } catch (error) {
    await app.close().catch(() => undefined)
    throw error
  }
  return app
}
