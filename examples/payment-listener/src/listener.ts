/**
 * Prints every payment recorded in Travel CRM, as it happens, from a durable JetStream consumer of its own.
 *
 * The consumer lives in the NATS server under LISTENER_NAME and remembers the last payment this listener
 * acknowledged: stop it (Ctrl-C), record payments, start it again, and it prints exactly the ones it missed.
 * A payment is acknowledged, and the server confirms the ack, only after it was printed; so nothing is lost,
 * and after a clean stop nothing is printed twice. (A crash between printing and acknowledging prints that
 * one payment again on restart: deduplicate on the event `id` if printing twice would matter to you.)
 */
import { connect } from '@nats-io/transport-node'
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'

const settings = {
  natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  stream: process.env['NATS_STREAM'] ?? 'TRAVEL_CRM',
  /** Travel CRM can run with a subject prefix (test runs do); production has none. */
  subjectPrefix: process.env['NATS_SUBJECT_PREFIX'] ?? '',
  name: process.env['LISTENER_NAME'] ?? 'payment-listener'
}

/** The `data` of a `billing.payment.recorded` event (PaymentPayload in the AsyncAPI document). */
interface RecordedPayment {
  id: number
  invoice_id: number
  trip_id: number
  client_id: number
  amount: string
  currency: string
  payment_date: string
  payment_method: string
  reference: string | null
}

interface PaymentEvent { id: string, type: string, time: string, data: RecordedPayment }

function note (message: string): void {
  process.stderr.write(`[${settings.name}] ${message}\n`)
}

function print (event: PaymentEvent): void {
  const payment = event.data
  const reference = payment.reference === null ? '' : `, reference ${payment.reference}`
  process.stdout.write(
    `payment ${payment.id}: ${payment.amount} ${payment.currency} on invoice ${payment.invoice_id} ` +
    `(trip ${payment.trip_id}, client ${payment.client_id}) by ${payment.payment_method} on ${payment.payment_date}` +
    `${reference} [event ${event.id}]\n`
  )
}

const nc = await connect({ servers: settings.natsUrl, name: settings.name, maxReconnectAttempts: -1 })
const jsm = await jetstreamManager(nc)
// Adding a durable that exists with the same settings is a no-op: the server keeps its position.
await jsm.consumers.add(settings.stream, {
  durable_name: settings.name,
  filter_subject: `${settings.subjectPrefix}billing.payment.recorded`,
  deliver_policy: DeliverPolicy.All,
  ack_policy: AckPolicy.Explicit,
  // One payment at a time, in the order they were recorded.
  max_ack_pending: 1
})
const consumer = await jetstream(nc).consumers.get(settings.stream, settings.name)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    note('stopping after the payment in hand')
    stopping = true
  })
}

note(`listening for payments on ${settings.stream} as ${settings.name}`)
while (!stopping) {
  try {
    // One message at a time, asked for only when the last one is done: nothing waits unprinted in a buffer
    // when the listener stops.
    const message = await consumer.next({ expires: 2000 })
    if (message === null) continue
    print(message.json<PaymentEvent>())
    // The server's confirmation means a stop right after cannot bring this payment back.
    await message.ackAck()
  } catch (error) {
    note(`waiting for NATS: ${(error as Error).message}`)
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}
await nc.drain()
note('stopped')
