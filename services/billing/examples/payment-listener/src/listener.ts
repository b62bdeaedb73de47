/**
 * Prints every payment recorded in Travel CRM, as it happens, from a durable JetStream consumer of its own.
 *
 * The consumer lives in the NATS server under LISTENER_NAME and remembers the last payment this listener
 * acknowledged: stop it (Ctrl-C), record payments, start it again, and it prints exactly the ones it missed.
 * A payment is acknowledged, and the server confirms the ack, only after it was printed; so nothing is lost,
 * and after a clean stop nothing is printed twice. (A crash between printing and acknowledging prints that
 * one payment again on restart: deduplicate on the event `id` if printing twice would matter to you.)
 *
 * It talks to JetStream through its JSON API over plain NATS request-reply (create the consumer, ask for the
 * next message, acknowledge it), which is all a pull consumer needs: the one dependency is the NATS client.
 */
import { connect, createInbox, type Msg } from '@nats-io/transport-node'

const settings = {
  natsUrl: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  stream: process.env['NATS_STREAM'] ?? 'TRAVEL_CRM',
  /** Travel CRM can run with a subject prefix (test runs do); production has none. */
  subjectPrefix: process.env['NATS_SUBJECT_PREFIX'] ?? '',
  name: process.env['LISTENER_NAME'] ?? 'payment-listener'
}

/** The `data` of a `billing.payment.recorded` event (PaymentPayload in packages/contracts). */
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

const WAIT_FOR_NEXT_MS = 2000
const API = '$JS.API'

function note (message: string): void {
  process.stderr.write(`[${settings.name}] ${message}\n`)
}

const nc = await connect({ servers: settings.natsUrl, name: settings.name, maxReconnectAttempts: -1 })

async function jetStreamApi (subject: string, request: object): Promise<{ error?: { description: string } }> {
  const reply = await nc.request(`${API}.${subject}`, JSON.stringify(request), { timeout: 5000 })
  return reply.json()
}

/** Creates the durable consumer the first time; afterwards the server already has it, with its position. */
async function ensureConsumer (): Promise<void> {
  const answer = await jetStreamApi(`CONSUMER.DURABLE.CREATE.${settings.stream}.${settings.name}`, {
    stream_name: settings.stream,
    config: {
      durable_name: settings.name,
      filter_subject: `${settings.subjectPrefix}billing.payment.recorded`,
      deliver_policy: 'all',
      ack_policy: 'explicit',
      ack_wait: 30_000_000_000,
      // One payment at a time, in the order they were recorded.
      max_ack_pending: 1
    }
  })
  if (answer.error !== undefined) throw new Error(`cannot create consumer ${settings.name}: ${answer.error.description}`)
}

// JetStream answers a pull on the inbox the pull names, but with each message's own stream subject, so the
// client's request() cannot match the answer to the question: the inbox gets a subscription of its own.
const inbox = createInbox()
const arrivals: Msg[] = []
let arrived: (() => void) | undefined
nc.subscribe(inbox, { callback: (_error, message) => { arrivals.push(message); arrived?.() } })

async function nextArrival (timeoutMs: number): Promise<Msg | undefined> {
  if (arrivals.length === 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs)
      arrived = () => { clearTimeout(timer); resolve() }
    })
    arrived = undefined
  }
  return arrivals.shift()
}

/** Asks for the next payment event, waiting up to WAIT_FOR_NEXT_MS; undefined when none came. */
async function nextMessage (): Promise<Msg | undefined> {
  nc.publish(
    `${API}.CONSUMER.MSG.NEXT.${settings.stream}.${settings.name}`,
    JSON.stringify({ batch: 1, expires: WAIT_FOR_NEXT_MS * 1_000_000 }),
    { reply: inbox }
  )
  // The server answers every pull, with a message or a status; silence means the pull was lost on the way.
  const message = await nextArrival(WAIT_FOR_NEXT_MS + 3000)
  if (message === undefined) return undefined
  // 404 no messages, 408 the wait expired: both just mean "nothing yet". Other statuses are real trouble.
  const status = message.headers?.code ?? 0
  if (status === 404 || status === 408) return undefined
  if (status !== 0) throw new Error(`JetStream answered ${status} ${message.headers?.description ?? ''}`)
  return message
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

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    note('stopping after the payment in hand')
    stopping = true
  })
}

await ensureConsumer()
note(`listening for payments on ${settings.stream} as ${settings.name}`)
while (!stopping) {
  let message: Msg | undefined
  try {
    message = await nextMessage()
  } catch (error) {
    note(`waiting for NATS: ${(error as Error).message}`)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    continue
  }
  if (message === undefined) continue
  print(message.json<PaymentEvent>())
  // "+ACK" as a request: the server's reply confirms the ack was stored, so a stop right after cannot
  // bring this payment back.
  try {
    await nc.request(message.reply ?? '', '+ACK', { timeout: 5000 })
  } catch (error) {
    note(`the server did not confirm the ack (${(error as Error).message}); this payment may be printed again`)
  }
}
await nc.drain()
note('stopped')
