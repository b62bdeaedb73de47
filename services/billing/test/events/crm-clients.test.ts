import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ClientPayload, CloudEvent } from '@travel-crm/contracts'
import { buildEnvelope } from '@travel-crm/service-kit/messaging'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

type Subject = 'crm.client.updated' | 'crm.client.archived' | 'crm.client.deleted'

async function announce (subject: Subject, client: ClientPayload): Promise<CloudEvent> {
  const envelope = buildEnvelope('crm', { subject, about: `client/${client.id}`, data: client }, { actorId: '2' })
  await billing.crm.republish(envelope)
  return envelope
}

async function applied (event: CloudEvent): Promise<void> {
  await vi.waitFor(async () => {
    const [row] = await billing.app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from inbox where event_id = ?', [event.id])
    expect(Number(row?.count)).toBe(1)
  }, { timeout: 10_000, interval: 20 })
}

async function replicaOf (id: number): Promise<Record<string, unknown> | undefined> {
  const [row] = await billing.app.orm.em.fork().execute<Array<Record<string, unknown>>>(
    'select name, email, phone, company, version, archived, deleted from client where id = ?', [id])
  return row
}

describe('the client replica invoices are addressed from', () => {
  it('keeps the latest version of a client, whatever order the events come in', async () => {
    const client = await billing.crm.aClient({ name: 'Ines Costa' })
    await vi.waitFor(async () => { expect(await replicaOf(client.id)).toBeDefined() }, { timeout: 10_000, interval: 20 })
    await applied(await announce('crm.client.updated', { ...client, name: 'Ines Costa Ribeiro', company: 'Ribeiro Viagens', version: 3 }))
    // Version 2 overtaken by version 3: applied (its inbox row is there) and changes nothing.
    await applied(await announce('crm.client.updated', { ...client, name: 'Ines C.', version: 2 }))
    expect(await replicaOf(client.id)).toEqual({
      name: 'Ines Costa Ribeiro', email: client.email, phone: client.phone, company: 'Ribeiro Viagens', version: 3, archived: false, deleted: false
    })
    await applied(await announce('crm.client.archived', { ...client, name: 'Ines Costa Ribeiro', company: 'Ribeiro Viagens', version: 4, archived_at: new Date().toISOString() }))
    expect(await replicaOf(client.id)).toMatchObject({ version: 4, archived: true })
  })

  it('keeps a deleted client as a tombstone that no late update brings back, and takes a redelivery once', async () => {
    const client = await billing.crm.aClient({ name: 'Tomas Berg' })
    await vi.waitFor(async () => { expect(await replicaOf(client.id)).toBeDefined() }, { timeout: 10_000, interval: 20 })
    const deleted = await announce('crm.client.deleted', { ...client, version: 2 })
    await applied(deleted)
    await billing.crm.republish(deleted)
    await applied(await announce('crm.client.updated', { ...client, name: 'Tomas Berg Again', version: 5 }))
    expect(await replicaOf(client.id)).toMatchObject({ name: 'Tomas Berg', version: 2, deleted: true })
  })

  it('makes a tombstone of a client it never heard of, so that its later events change nothing', async () => {
    const client: ClientPayload = { ...await billing.crm.aClient(), id: 9_999 }
    await applied(await announce('crm.client.deleted', client))
    await applied(await announce('crm.client.updated', { ...client, version: 7 }))
    expect(await replicaOf(9_999)).toMatchObject({ name: client.name, version: 1, deleted: true })
  })
})
