import { jetstream, jetstreamManager, type ConsumerMessages, type PubAck } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import type { CloudEvent } from '@travel-crm/contracts'

/** An event as the stream holds it. */
export interface StoredEvent {
  seq: number
  /** The subject on the wire, the test's prefix included. */
  subject: string
  msgId: string | undefined
  event: CloudEvent<Record<string, unknown>>
}

function stored (message: { seq: number, subject: string, headers?: { get: (name: string) => string } | undefined, json: <T>() => T }): StoredEvent {
  return { seq: message.seq, subject: message.subject, msgId: message.headers?.get('Nats-Msg-Id'), event: message.json() }
}

/** Everything the stream holds right now, in stream order, read with an ordered consumer. */
export async function readStream (natsUrl: string, stream: string): Promise<StoredEvent[]> {
  const nc = await connect({ servers: natsUrl })
  try {
    const { state } = await (await jetstreamManager(nc)).streams.info(stream)
    if (state.messages === 0) return []
    const messages = await (await jetstream(nc).consumers.get(stream)).consume()
    const events: StoredEvent[] = []
    for await (const message of messages) {
      events.push(stored(message))
      if (message.seq >= state.last_seq) break
    }
    return events
  } finally {
    await nc.close()
  }
}

/** Publishes a payload into the stream as another service's relay would. */
export async function publishToStream (natsUrl: string, subject: string, payload: string, msgId: string): Promise<PubAck> {
  const nc = await connect({ servers: natsUrl })
  try {
    return await jetstream(nc).publish(subject, payload, { msgID: msgId })
  } finally {
    await nc.close()
  }
}

/** What a service publishes, read as it arrives, the way an integrator's consumer would see it. */
export interface StreamFollower {
  /** Every event so far, in stream order. */
  readonly events: StoredEvent[]
  /** Waits until `count` events match, then returns them in stream order; fails after `timeoutMs`. */
  waitFor: (match: (event: StoredEvent) => boolean, count?: number, timeoutMs?: number) => Promise<StoredEvent[]>
  stop: () => Promise<void>
}

/** Follows the stream from its start, on the subjects `filter` names (with the test's prefix: `t1a2b.crm.>`). */
export async function followStream (natsUrl: string, stream: string, filter: string): Promise<StreamFollower> {
  const nc = await connect({ servers: natsUrl })
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: filter })
  const messages: ConsumerMessages = await consumer.consume()
  const events: StoredEvent[] = []
  const reading = (async () => {
    for await (const message of messages) events.push(stored(message))
  })()
  return {
    events,
    waitFor: async (match, count = 1, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = events.filter(match)
        if (found.length >= count) return found
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} matching events, saw ${found.length} of ${JSON.stringify(events.map((each) => `${each.subject} ${each.event.subject}`))}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    stop: async () => {
      await messages.close()
      await reading
      await nc.close()
    }
  }
}
