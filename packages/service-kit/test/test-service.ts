import type { EventSubject } from '@travel-crm/contracts'
import { buildHttpApp, loadServiceConfig, policyLayer } from '../src/http/index.js'
import { dataLayer, Migration, type Persistence } from '../src/data/index.js'
import { messagingLayer, serviceAppOf, type ConsumerOptions, type EventDraft, type ServiceApp } from '../src/messaging/index.js'

/**
 * What the test consumers applied, one row per application: an event applied twice shows up twice, so a test
 * can tell "applied once" from "applied and then refused".
 */
export class AppliedEvents20270101000000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table applied_event (
      id bigserial primary key,
      event_id uuid not null,
      subject text not null,
      about text not null)`)
  }
}

/**
 * A service built the way the real ones are, under a real service name but with no business routes (those
 * would have to be in the policy table): only the kit's /healthz, /readyz and /metrics, its outbox and its
 * consumers.
 */
export async function buildTestService (env: Record<string, string>, consumers: ConsumerOptions[] = []): Promise<ServiceApp> {
  return await buildKitService(env, {
    persistence: { entities: [], migrations: [{ name: 'AppliedEvents20270101000000', class: AppliedEvents20270101000000 }] },
    consumers
  })
}

/** A service under crm's name from the kit's layers, with what a test gives it: tables, consumers, routes. */
export async function buildKitService (env: Record<string, string>, parts: {
  persistence: Persistence
  consumers?: ConsumerOptions[]
  routes?: (app: ServiceApp) => Promise<void>
}): Promise<ServiceApp> {
  const config = loadServiceConfig('crm', {}, env)
  return serviceAppOf(await buildHttpApp('crm', config, async (app) => {
    await app.register(policyLayer, { service: 'crm', config })
    await app.register(dataLayer, { service: 'crm', config, persistence: parts.persistence })
    await app.register(messagingLayer, { service: 'crm', config, consumers: parts.consumers ?? [] })
    await parts.routes?.(serviceAppOf(app))
  }))
}

export function aClientEvent (id: number, subject: EventSubject = 'crm.client.created', data: Record<string, unknown> = {}): EventDraft {
  return { subject, about: `client/${id}`, data: { id, name: `Client ${id}`, version: 1, ...data } }
}

/** Polls until the probe says yes; fails with `what` when it never does. */
export async function waitFor (what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await probe()) return
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
