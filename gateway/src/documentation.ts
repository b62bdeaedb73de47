import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { asyncApiDocument, type ServiceName } from '@travel-crm/contracts'
import { problemBody, sendProblem } from '@travel-crm/service-kit/http'
import { mergeApiDocuments, type OpenApiDocument } from './api-document.js'
import type { GatewayConfig } from './config.js'
import type { Limiters } from './security.js'
import { ServiceDocuments } from './service-documents.js'
import type { Upstreams } from './upstreams.js'

export const API_VERSION = '0.1.0'

/** The browser's storage, where the functions below run. */
declare const localStorage: { getItem: (key: string) => string | null, setItem: (key: string, value: string) => void }

/**
 * Swagger UI keeps the token of a successful `POST /login` (or `/refresh`) and sends it with every later
 * request that has no Authorization of its own, so trying the API needs one log-in and no copying. These
 * functions run in the browser (the plugin writes their source into the page): no closures, no inner
 * named functions, which a TypeScript transpiler would wrap in helpers the browser does not have.
 */
const UI_CONFIG = {
  persistAuthorization: true,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  docExpansion: 'list' as const,
  filter: true,
  responseInterceptor: (response: { url: string, ok: boolean, body?: { access_token?: unknown } }) => {
    if (response.ok && /\/(login|refresh)$/.test(new URL(response.url).pathname) && typeof response.body?.access_token === 'string') {
      localStorage.setItem('travel-crm.access_token', response.body.access_token)
    }
    return response
  },
  requestInterceptor: (request: { headers: Record<string, string> }) => {
    const token = localStorage.getItem('travel-crm.access_token')
    if (token !== null && request.headers['Authorization'] === undefined && request.headers['authorization'] === undefined) {
      request.headers['Authorization'] = `Bearer ${token}`
    }
    return request
  }
}

/** The API serves no HTML but this page: scripts, styles and fetches from the gateway itself only. */
const DOCS_CSP = {
  'default-src': ['\'self\''],
  'base-uri': ['\'self\''],
  'connect-src': ['\'self\''],
  'font-src': ['\'self\'', 'data:'],
  'frame-ancestors': ['\'none\''],
  'img-src': ['\'self\'', 'data:'],
  'object-src': ['\'none\''],
  'script-src': ['\'self\''],
  'script-src-attr': ['\'none\''],
  'style-src': ['\'self\'', '\'unsafe-inline\'']
}

/**
 * `GET /openapi.json` (one document for every service), Swagger UI at `/docs`, and `GET /asyncapi.json`
 * (the events, from the contracts).
 */
export async function registerDocumentation (app: FastifyInstance, config: GatewayConfig, upstreams: Upstreams, limiters: Limiters): Promise<void> {
  const services = new ServiceDocuments(upstreams, config.API_DOCUMENT_MAX_AGE_MS)
  let merged: { from: Array<OpenApiDocument | undefined>, document: OpenApiDocument } | undefined

  /** The merged document, rebuilt only when a service gave a new one; undefined while one never answered. */
  async function apiDocument (request: FastifyRequest): Promise<{ document: OpenApiDocument } | { missing: ServiceName[] }> {
    const { documents, missing } = await services.current()
    if (missing.length > 0) {
      request.log.warn({ missing }, 'services did not give their OpenAPI documents')
      return { missing }
    }
    const from = Object.values(documents)
    if (merged === undefined || merged.from.some((document, index) => document !== from[index])) {
      merged = { from, document: mergeApiDocuments(documents as Record<ServiceName, OpenApiDocument>, API_VERSION) }
    }
    return { document: merged.document }
  }

  app.get('/openapi.json', { onRequest: limiters.everyRoute }, async (request, reply) => {
    const result = await apiDocument(request)
    if ('document' in result) return result.document
    void reply.header('retry-after', '5')
    return sendProblem(reply, problemBody(503, 'UPSTREAM_UNAVAILABLE', `The API document is incomplete: no document from ${result.missing.join(', ')} yet`, request.url))
  })

  const events = asyncApiDocument(API_VERSION)
  app.get('/asyncapi.json', { onRequest: limiters.everyRoute }, async () => events)

  // Swagger UI needs @fastify/swagger beside it; the gateway's routes themselves are not documented by it
  // (it would see only proxies without schemas), so the page is given the merged document instead.
  await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 'Travel CRM API', version: API_VERSION } } })
  const shown = new WeakMap<FastifyRequest, OpenApiDocument>()
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: UI_CONFIG as never,
    staticCSP: DOCS_CSP,
    uiHooks: {
      onRequest: limiters.everyRoute,
      // Fastify awaits an async hook; @fastify/swagger-ui only types its hooks in the callback style.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      preHandler: async (request, reply) => {
        if (!/\/docs\/(json|yaml)$/.test(request.url.split('?')[0] ?? '')) return
        const result = await apiDocument(request)
        if ('document' in result) return shown.set(request, result.document)
        void reply.header('retry-after', '5')
        return sendProblem(reply, problemBody(503, 'UPSTREAM_UNAVAILABLE', `The API document is incomplete: no document from ${result.missing.join(', ')} yet`, request.url))
      }
    },
    transformSpecificationClone: false,
    transformSpecification: (_own, request) => shown.get(request) ?? {}
  })
}
