import type { FastifyInstance, FastifyRequest, FastifySchema, onRequestHookHandler, RouteOptions } from 'fastify'
import { decideAccess, findPolicy, type Access, type ServiceName } from '@travel-crm/contracts'
import { Problems } from './problem.js'
import type { Actor } from './tokens.js'

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
export function accessGuard (access: Access, verify: TokenVerifier, action: string): onRequestHookHandler {
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
