import { describe, expect, it } from 'vitest'
import { buildEnvelope, type ServiceApp } from '@travel-crm/service-kit/messaging'
import type { EventSubject } from '@travel-crm/contracts'
import { buildApp } from '../src/app.js'
import { READ_MODEL_TABLES } from '../src/persistence.js'
import { rebuildReadModels, waitUntilCaughtUp } from '../src/read-models.js'
import { aBooking, aClient, aCommission, aNote, aPayment, aSupplier, aTraveller, aTrip, anInvoice, changed } from './support/records.js'
import { configPerFile } from './support/reporting.js'

const config = configPerFile()

async function snapshot (app: ServiceApp): Promise<Record<string, unknown[]>> {
  const em = app.orm.em.fork()
  const tables: Record<string, unknown[]> = {}
  for (const table of READ_MODEL_TABLES) tables[table] = await em.execute(`select * from ${table} order by 1, 2, 3`)
  return tables
}

/** A stretch of agency life: changes, events overtaking each other, deletions and cascades. */
async function feed (app: ServiceApp): Promise<void> {
  const publish = async (subject: EventSubject, data: { id: number }) => {
    const event = buildEnvelope(subject.split('.')[0] ?? 'crm', { subject, about: `x/${data.id}`, data }, {})
    await app.bus.js.publish(app.bus.subject(subject), JSON.stringify(event))
  }
  const supplier = aSupplier()
  await publish('crm.supplier.created', supplier)
  await publish('crm.supplier.updated', changed(supplier, { name: 'Hotel Miraflores' }))
  for (let i = 0; i < 6; i++) {
    const client = aClient()
    const trip = aTrip(client, { destination: ['Lima', 'Cusco', 'Arequipa'][i % 3], currency: i % 2 === 0 ? 'EUR' : 'USD' })
    const invoice = anInvoice(trip, { due_date: `2031-06-${String(10 + i).padStart(2, '0')}` })
    const payment = aPayment(invoice, { amount: `${100 + i}.25`, payment_date: `2031-0${1 + i}-11` })
    await publish('crm.client.created', client)
    await publish('crm.note.created', aNote(client))
    await publish('billing.payment.recorded', payment)
    await publish('crm.trip.created', trip)
    const traveller = aTraveller(trip)
    await publish('crm.traveller.created', traveller)
    if (i % 2 === 1) await publish('crm.traveller.updated', changed(traveller, { passport_expiry: '2031-09-30' }))
    const booking = aBooking(trip, { supplier_id: supplier.id, sell_price: `${900 + i}.10` })
    await publish('crm.booking.created', booking)
    if (i % 2 === 0) await publish('crm.booking.updated', changed(booking, { status: 'cancelled' }))
    const commission = aCommission(booking)
    await publish('billing.commission.updated', commission)
    if (i % 2 === 1) await publish('billing.commission.updated', changed(commission, { received: '10.00', status: 'Partially Received' }))
    await publish('billing.invoice.created', invoice)
    await publish('billing.payment.recorded', aPayment(invoice, { amount: '1.10' }))
    await publish('crm.client.updated', changed(client, { name: `Renamed ${i}` }))
    if (i % 3 === 1) await publish('crm.trip.updated', changed(trip, { destination: 'Puno' }))
    if (i % 3 === 2) await publish('billing.payment.updated', changed(payment, { amount: '5.00' }))
    if (i === 4) await publish('crm.client.deleted', changed(client, {}))
    if (i === 5) await publish('billing.invoice.deleted', changed(invoice, {}))
  }
}

describe('rebuilding the read models', () => {
  it('replays the stream from its start into read models identical to the live ones', async () => {
    const live = await buildApp(config())
    let liveTables: Record<string, unknown[]>
    try {
      await live.ready()
      await feed(live)
      await waitUntilCaughtUp(live, 20_000)
      liveTables = await snapshot(live)
      expect(liveTables['payment']?.length).toBeGreaterThan(5)
      // The client deleted takes its trip's booking along in the cascade.
      expect(liveTables['booking']?.length).toBe(5)
      expect(liveTables['traveller']?.length).toBe(5)
      expect(liveTables['supplier']?.length).toBe(1)
      expect(liveTables['commission']?.length).toBe(6)
      expect(liveTables['removed']?.length).toBe(2)
      // Damage that only a replay from the stream can repair.
      const em = live.orm.em.fork()
      await em.execute('update client set name = ? where id = (select min(id) from client)', ['damaged'])
      await em.execute('delete from payment where id = (select max(id) from payment)')
      await em.execute('update revenue_by_client set total_revenue = total_revenue + 1')
      await em.execute('update booking set cost = cost + 1')
      await em.execute('update commission set received = 0')
      await em.execute('update traveller set passport_expiry = null')
    } finally {
      await live.close()
    }

    await rebuildReadModels(config(), { timeoutMs: 20_000 })

    const reader = await buildApp(config())
    try {
      await reader.ready()
      await waitUntilCaughtUp(reader, 20_000)
      expect(await snapshot(reader)).toEqual(liveTables)
      const applied = await reader.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from inbox where consumer = ?', ['reporting'])
      expect(Number(applied[0]?.count)).toBeGreaterThan(40)
    } finally {
      await reader.close()
    }
  })
})
