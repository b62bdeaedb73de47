import type { EventSubject } from '@travel-crm/contracts'
import { createService, loadServiceConfig, Migration, type ConsumerOptions, type EventDraft, type ServiceApp } from '../src/index.js'

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
  return await createService({
    name: 'crm',
    config: loadServiceConfig('crm', {}, env),
    persistence: { entities: [], migrations: [{ name: 'AppliedEvents20270101000000', class: AppliedEvents20270101000000 }] },
    consumers,
    routes: async () => {}
  })
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
