import type { EntityManager } from '@mikro-orm/postgresql'
import type { CloudEvent } from '@travel-crm/contracts'
import type { ConsumerOptions, EventStatement } from '@travel-crm/service-kit/messaging'

interface ReceivedPayment { id: number, invoiceId: number, tripId: number }

function paymentOf (event: CloudEvent): ReceivedPayment {
  const data = event.data as { id?: unknown, invoice_id?: unknown, trip_id?: unknown } | null
  if (typeof data?.id !== 'number' || typeof data.invoice_id !== 'number' || typeof data.trip_id !== 'number') {
    throw new Error(`${event.type} ${event.id} does not carry a payment`)
  }
  return { id: data.id, invoiceId: data.invoice_id, tripId: data.trip_id }
}

// A changed payment keeps its invoice and trip unless its trip was moved: the row is rewritten only then.
// Each statement reads `fresh`, the inbox row of an event not applied before (consumer.ts).
const paymentKept: EventStatement = {
  statement: (event) => {
    const payment = paymentOf(event)
    return {
      sql: `insert into received_payment (payment_id, invoice_id, trip_id) select ?::int, ?::int, ?::int from fresh
        on conflict (payment_id) do update set invoice_id = excluded.invoice_id, trip_id = excluded.trip_id
        where (received_payment.invoice_id, received_payment.trip_id) <> (excluded.invoice_id, excluded.trip_id)`,
      params: [payment.id, payment.invoiceId, payment.tripId]
    }
  }
}

const paymentDeleted: EventStatement = {
  statement: (event) => ({ sql: 'delete from received_payment where payment_id = ? and exists (select from fresh)', params: [paymentOf(event).id] })
}

/**
 * The payments billing received, as far as crm needs them: on which trip. A consumer of its own (a
 * consumer takes one filter on this NATS), so that when it is first made it reads the stream from the start
 * and payments recorded before crm kept them are counted too.
 */
export const billingPaymentConsumer: ConsumerOptions = {
  durable: 'crm-payments',
  filter: 'billing.payment.*',
  handlers: {
    'billing.payment.recorded': paymentKept,
    'billing.payment.updated': paymentKept,
    'billing.payment.deleted': paymentDeleted
  }
}

/** How many payments billing has told crm of on this trip. */
export async function paymentsOnTrip (em: EntityManager, tripId: number): Promise<number> {
  const [row] = await em.execute<Array<{ count: string }>>('select count(*) as count from received_payment where trip_id = ?', [tripId])
  return Number(row?.count ?? 0)
}

/** How many payments billing has told crm of on the trips this client has now. */
export async function paymentsOfClient (em: EntityManager, clientId: number): Promise<number> {
  const [row] = await em.execute<Array<{ count: string }>>(
    'select count(*) as count from received_payment join trip on trip.id = received_payment.trip_id where trip.client_id = ?',
    [clientId]
  )
  return Number(row?.count ?? 0)
}
