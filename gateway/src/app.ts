import { createAccessTokenVerifier, createHttpApp, remoteKeyResolver } from '@travel-crm/service-kit/http'
import { connectAccountStandings } from '@travel-crm/service-kit/bus'
import type { GatewayConfig } from './config.js'
import { registerDocumentation } from './documentation.js'
import { registerLiveEvents } from './live-events.js'
import { registerProxy } from './proxy.js'
import { refuseRewritableTargets } from './request-target.js'
import { registerSecurity } from './security.js'
import { upstreamReadiness, upstreamsOf } from './upstreams.js'
import { registerWebApp } from './web-app.js'

export async function buildGateway (config: GatewayConfig) {
  const upstreams = upstreamsOf(config)
  const app = createHttpApp({
    service: 'gateway',
    logLevel: config.LOG_LEVEL,
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    metricsToken: config.METRICS_TOKEN,
    readiness: { ...upstreamReadiness(upstreams), accounts: async () => { await accounts.standings.readiness() } }
  })
  refuseRewritableTargets(app)
  const accounts = await connectAccountStandings({
    url: config.NATS_URL, stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX, name: 'gateway', logger: app.log,
    buildTimeoutMs: config.accountsBuildTimeoutMs,
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD
  })
  app.addHook('onClose', accounts.close)
  // The gateway checks every token itself, with the keys auth publishes, before any service sees the request.
  const verify = createAccessTokenVerifier({
    keys: remoteKeyResolver(new URL('/.well-known/jwks.json', config.AUTH_URL).toString(), config.JWKS_COOLDOWN_MS),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    standing: accounts.standings.confirm
  })
  const limiters = await registerSecurity(app, config)
  await registerProxy(app, config, upstreams, verify, limiters)
  await registerDocumentation(app, config, upstreams, limiters)
  await registerWebApp(app, config, limiters)
  await registerLiveEvents(app, config, verify, limiters)
  return app
}
