import type { EntityManager } from '@mikro-orm/postgresql'
import type { CloudEvent } from '@travel-crm/contracts'
import type { ConsumerOptions, EventStatement } from '@travel-crm/service-kit/messaging'

function invoiceOf (event: CloudEvent): { id: number, tripId: number } {
  const data = event.data as { id?: unknown, trip_id?: unknown } | null
  if (typeof data?.id !== 'number' || typeof data.trip_id !== 'number') throw new Error(`${event.type} ${event.id} does not carry an invoice`)
  return { id: data.id, tripId: data.trip_id }
}

// Every payment updates its invoice, which leaves its trip as it was: the row is rewritten only when the trip moved.
// Each statement reads `fresh`, the inbox row of an event not applied before (consumer.ts).
const invoiceKept: EventStatement = {
  statement: (event) => {
    const invoice = invoiceOf(event)
    return {
      sql: `insert into invoiced_trip (invoice_id, trip_id) select ?::int, ?::int from fresh
        on conflict (invoice_id) do update set trip_id = excluded.trip_id where invoiced_trip.trip_id <> excluded.trip_id`,
      params: [invoice.id, invoice.tripId]
    }
  }
}

const invoiceDeleted: EventStatement = {
  statement: (event) => ({ sql: 'delete from invoiced_trip where invoice_id = ? and exists (select from fresh)', params: [invoiceOf(event).id] })
}

/**
 * Billing's invoices, as far as crm needs them: which trips have one. Billing bills a trip in the trip's
 * currency, so once a trip has an invoice its currency stays (see trips.ts).
 */
export const billingInvoiceConsumer: ConsumerOptions = {
  durable: 'crm',
  filter: 'billing.invoice.*',
  handlers: {
    'billing.invoice.created': invoiceKept,
    'billing.invoice.updated': invoiceKept,
    'billing.invoice.paid': invoiceKept,
    'billing.invoice.deleted': invoiceDeleted
  }
}

/** Whether billing has told crm of an invoice for this trip. */
export async function tripHasInvoices (em: EntityManager, tripId: number): Promise<boolean> {
  const rows = await em.execute<Array<{ one: number }>>('select 1 as one from invoiced_trip where trip_id = ? limit 1', [tripId])
  return rows.length > 0
}
