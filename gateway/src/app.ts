import { createHttpApp } from '@travel-crm/service-kit'
import type { GatewayConfig } from './config.js'
import { upstreamReadiness, upstreamsOf } from './upstreams.js'

export async function buildGateway (config: GatewayConfig) {
  const app = createHttpApp({
    service: 'gateway',
    logLevel: config.LOG_LEVEL,
    readiness: upstreamReadiness(upstreamsOf(config))
  })
  return app
}
