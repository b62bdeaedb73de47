import type { FastifyInstance, FastifyRequest, FastifySchema, onRequestAsyncHookHandler, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { decideAccess, findPolicy, type Access, type ServiceName } from '@travel-crm/contracts'
import { connectAccountStandings } from '../messaging/account-standing.js'
import { registerApiDocument } from './api-document.js'
import { HTTP_LAYER } from './app.js'
import type { ServiceConfig } from './config.js'
import { Problems } from './problem.js'
import { createAccessTokenVerifier, remoteKeyResolver, type Actor } from './tokens.js'

/** A business route as the service registered it, with its request schemas. */
export interface ServedRoute {
  method: string
  url: string
  schema: FastifySchema | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every business route the service serves: what property tests generate requests from. */
    servedRoutes: readonly ServedRoute[]
  }
  interface FastifyRequest {
    /** The verified caller; undefined on public routes and anonymous first-user registration. */
    actor: Actor | undefined
  }
  interface FastifyContextConfig {
    /** Health, readiness and metrics: outside the business policy table. */
    infrastructure?: boolean
  }
}

export type TokenVerifier = (token: string) => Promise<Actor>

export function bearerToken (request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (match === null) throw new Problems.unauthenticated('The Authorization header must be "Bearer <access token>"')
  return match[1]
}

/** The check the policy table asks for, as an onRequest hook: runs before the body is even parsed. */
export function accessGuard (access: Access, verify: TokenVerifier, action: string): onRequestAsyncHookHandler {
  return async (request) => {
    if ('public' in access) return
    const token = bearerToken(request)
    request.actor = token === undefined ? undefined : await verify(token)
    const decision = decideAccess(access, request.actor?.role)
    if (decision === 'unauthenticated') throw new Problems.unauthenticated('This route needs a Bearer access token')
    if (decision === 'forbidden') throw new Problems.forbidden(action)
  }
}

/**
 * Every route a service registers must be in the policy table under that service, or the service refuses to
 * start: a route nobody thought about is never silently open.
 */
export function enforcePolicy (app: FastifyInstance, service: ServiceName, verify: TokenVerifier): void {
  app.decorateRequest('actor', undefined)
  const served: ServedRoute[] = []
  app.decorate('servedRoutes', served)
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.infrastructure === true) return
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) {
      const policy = findPolicy(method === 'HEAD' ? 'GET' : method, route.url)
      if (policy?.service !== service) {
        throw new Error(`${method} ${route.url} is not in the policy table for ${service}; add it to packages/contracts/src/policy.ts`)
      }
      const guard = accessGuard(policy.access, verify, `${method} ${route.url}`)
      const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]
      route.onRequest = [guard, ...existing]
      if (method !== 'HEAD') served.push({ method, url: route.url, schema: route.schema })
    }
  })
}

/**
 * The caller of a route the policy table guards. A route that needs a token never runs without one, so this
 * fails only when a route was wired wrong, and then the way a missing token does.
 */
export function actorOf (request: FastifyRequest): Actor {
  if (request.actor === undefined) throw new Problems.unauthenticated('This route needs a Bearer access token')
  return request.actor
}

export interface PolicyOptions {
  service: ServiceName
  config: { AUTH_URL: string, JWT_ISSUER: string, JWT_AUDIENCE: string } & Pick<ServiceConfig, 'NATS_URL' | 'NATS_STREAM' | 'NATS_SUBJECT_PREFIX' | 'NATS_USER' | 'NATS_PASSWORD'>
  /** How tokens are verified; by default with auth's JWKS at `AUTH_URL`. */
  verifier?: TokenVerifier
}

export const POLICY_LAYER = '@travel-crm/policy'

/**
 * A service that verifies tokens itself (every one but auth, which reads its own accounts) refuses those of
 * accounts that moved on, from its replica of auth's events (messaging/account-standing.ts), on a NATS
 * connection of its own that only reads; `/readyz` says whether the replica is built.
 */
async function accountStandingsOf (app: FastifyInstance, service: ServiceName, config: PolicyOptions['config']): Promise<(actor: Actor) => void> {
  // Not waited for here: the messaging layer, registered after this one, may still have to make the stream.
  const accounts = await connectAccountStandings({
    url: config.NATS_URL, stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX, name: `${service}-accounts`, logger: app.log, user: config.NATS_USER, pass: config.NATS_PASSWORD, buildTimeoutMs: 0
  })
  app.readiness.set('accounts', accounts.standings.readiness)
  app.addHook('onReady', async () => { await accounts.standings.whenBuilt(10_000) })
  app.addHook('onClose', accounts.close)
  return accounts.standings.confirm
}

/**
 * A service's business routes under the policy table, and documented at `GET /openapi.json`: register it before
 * the routes, both only see routes added after them.
 */
export const policyLayer = fp<PolicyOptions>(async (app, { service, config, verifier }) => {
  enforcePolicy(app, service, verifier ?? createAccessTokenVerifier({
    keys: remoteKeyResolver(new URL('/.well-known/jwks.json', config.AUTH_URL).toString()),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    standing: await accountStandingsOf(app, service, config)
  }))
  await registerApiDocument(app, service)
}, { name: POLICY_LAYER, fastify: '5.x', dependencies: [HTTP_LAYER] })
