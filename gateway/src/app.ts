import { createAccessTokenVerifier, createHttpApp, remoteKeyResolver } from '@travel-crm/service-kit/http'
import type { GatewayConfig } from './config.js'
import { registerDocumentation } from './documentation.js'
import { registerProxy } from './proxy.js'
import { registerSecurity } from './security.js'
import { upstreamReadiness, upstreamsOf } from './upstreams.js'

export async function buildGateway (config: GatewayConfig) {
  const upstreams = upstreamsOf(config)
  const app = createHttpApp({
    service: 'gateway',
    logLevel: config.LOG_LEVEL,
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    readiness: upstreamReadiness(upstreams)
  })
  // The gateway checks every token itself, with the keys auth publishes, before any service sees the request.
  const verify = createAccessTokenVerifier({
    keys: remoteKeyResolver(new URL('/.well-known/jwks.json', config.AUTH_URL).toString(), config.JWKS_COOLDOWN_MS),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE
  })
  const limiters = await registerSecurity(app, config)
  await registerProxy(app, config, upstreams, verify, limiters)
  await registerDocumentation(app, config, upstreams, limiters)
  return app
}
