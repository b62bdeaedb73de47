import type { ServiceName } from '@travel-crm/contracts'
import type { GatewayConfig } from './config.js'

export type Upstreams = Record<ServiceName, string>

export function upstreamsOf (config: GatewayConfig): Upstreams {
  return { auth: config.AUTH_URL, crm: config.CRM_URL, billing: config.BILLING_URL, reporting: config.REPORTING_URL, webhooks: config.WEBHOOKS_URL }
}

/** A readiness check per upstream: its own `/readyz` answers 200 within the check's time limit. */
export function upstreamReadiness (upstreams: Upstreams): Record<string, () => Promise<void>> {
  return Object.fromEntries(Object.entries(upstreams).map(([service, baseUrl]) => [service, async () => {
    const response = await fetch(new URL('/readyz', baseUrl), { signal: AbortSignal.timeout(1500) })
    if (!response.ok) throw new Error(`readyz answered ${response.status}`)
  }]))
}
