import { describe, expect, it } from 'vitest'
import { buildEnvelope, DurableConsumer, type ConsumerOptions, type ServiceApp } from '@travel-crm/service-kit/messaging'
import type { ClientPayload, CloudEvent } from '@travel-crm/contracts'
import { buildApp } from '../../src/app.js'
import { AUDIT_CONSUMER } from '../../src/events/audit-handover.js'
import { auditTrail } from '../../src/events/audit-trail.js'
import { CONSUMER } from '../../src/events/consumer.js'
import { projections } from '../../src/events/projections.js'
import { rebuildReadModels, waitUntilCaughtUp } from '../../src/read-models.js'
import { aClient, changed } from '../support/records.js'
import { configPerFile } from '../support/reporting.js'

const config = configPerFile()

/** Runs one of the two consumers reporting had before they were merged until it has acknowledged the whole stream. */
async function runOldConsumer (app: ServiceApp, options: ConsumerOptions): Promise<void> {
  const consumer = new DurableConsumer(app.orm, app.bus, app.log, undefined, options, app.transact)
  await consumer.start()
  try {
    await waitUntilCaughtUp(app, 20_000, undefined, options.durable)
  } finally {
    await consumer.stop()
  }
}

/** The trail's rows with the transaction that last wrote each. */
async function trailOf (app: ServiceApp): Promise<unknown[]> {
  return await app.orm.em.fork().execute(`select event_id::text as key, changes as value, xmin::text as written from audit_entry
    union all select entity || entity_id, record, xmin::text from audit_record order by 1`)
}

describe('taking the audit trail over from its own consumer', () => {
  it('gives every event one entry, in stream order, whichever of the two old consumers had applied it', async () => {
    const versions: ClientPayload[] = [aClient({ name: 'Name 1' })]
    for (let version = 2; version <= 7; version++) versions.push(changed(versions[versions.length - 1] as ClientPayload, { name: `Name ${version}` }))
    const events = versions.map((client) => buildEnvelope('crm', { subject: client.version === 1 ? 'crm.client.created' : 'crm.client.updated', about: `client/${client.id}`, data: client }, { actorId: '1' }))
    const eventAt = (version: number) => events[version - 1] as CloudEvent

    const old = await buildApp(config())
    try {
      const publish = async (event: CloudEvent) => { await old.bus.js.publish(old.bus.subject(event.type), JSON.stringify(event)) }
      // The trail's consumer acknowledged events 1 to 3 and applied 4 without acknowledging it (it stopped);
      // the read models' consumer applied and acknowledged 1 to 5. 6 and 7 are in neither.
      for (const version of [1, 2, 3]) await publish(eventAt(version))
      await runOldConsumer(old, { durable: AUDIT_CONSUMER, handlers: auditTrail })
      for (const version of [4, 5]) await publish(eventAt(version))
      await old.transact({}, async (em, sink) => {
        await em.execute('insert into inbox (event_id, consumer, subject) values (?, ?, ?)', [eventAt(4).id, AUDIT_CONSUMER, eventAt(4).type])
        await auditTrail['crm.client.updated']?.(em, eventAt(4), sink)
      })
      await runOldConsumer(old, { durable: CONSUMER, handlers: projections })
      for (const version of [6, 7]) await publish(eventAt(version))
    } finally {
      await old.close()
    }

    let trailBefore: unknown[] | undefined
    const merged = await buildApp(config())
    try {
      await merged.ready()
      await waitUntilCaughtUp(merged, 20_000)
      expect(await merged.bus.jsm.consumers.info(merged.bus.stream, AUDIT_CONSUMER).catch(() => 'deleted')).toBe('deleted')
      const em = merged.orm.em.fork()
      const entries = await em.execute<Array<{ event_id: string, changes: Array<{ field: string, from: unknown, to: unknown }> }>>(
        'select event_id, changes from audit_entry order by id')
      expect(entries.map((entry) => entry.event_id).sort()).toEqual(events.map((event) => event.id).sort())
      for (let version = 2; version <= 7; version++) {
        const entry = entries.find((candidate) => candidate.event_id === eventAt(version).id)
        expect(entry?.changes, `version ${version}`).toEqual([{ field: 'name', from: `Name ${version - 1}`, to: `Name ${version}`, personal: true }])
      }
      const [record] = await em.execute<Array<{ name: string, last_written_by_entry: boolean }>>(
        `select r.record->>'name' as name, r.xmin = e.xmin as last_written_by_entry
         from audit_record r join audit_entry e on e.event_id = ? where r.entity = 'client'`, [eventAt(7).id])
      // The handover applied 5, 6 and 7 to the trail; the read models' consumer then delivered 6 and 7 (it had
      // not acknowledged them): it applied them to the read models and left the trail as the handover made it.
      expect(record).toEqual({ name: 'Name 7', last_written_by_entry: true })
      const [client] = await em.execute<Array<{ name: string }>>('select name from client')
      expect(client?.name).toBe('Name 7')
      const inbox = await em.execute<Array<{ consumer: string, count: number }>>('select consumer, count(*)::int as count from inbox group by consumer order by consumer')
      expect(inbox).toEqual([{ consumer: CONSUMER, count: 7 }, { consumer: AUDIT_CONSUMER, count: 7 }])
      trailBefore = await trailOf(merged)
    } finally {
      await merged.close()
    }

    // A rebuild replays the stream into the read models; the trail has every entry already and is not written.
    await rebuildReadModels(config(), { timeoutMs: 20_000 })
    const reader = await buildApp(config())
    try {
      expect(await trailOf(reader)).toEqual(trailBefore)
    } finally {
      await reader.close()
    }
  })
})
