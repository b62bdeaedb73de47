import { connect } from '@nats-io/transport-node'
import { jetstream, jetstreamManager, type PubAck } from '@nats-io/jetstream'
import type { CloudEvent } from '@travel-crm/contracts'

export interface StoredEvent {
  seq: number
  /** The subject on the wire, prefix included. */
  subject: string
  msgId: string | undefined
  event: CloudEvent<Record<string, unknown>>
}

/** Everything the stream holds right now, in stream order, read with an ordered consumer. */
export async function readStream (natsUrl: string, stream: string): Promise<StoredEvent[]> {
  const nc = await connect({ servers: natsUrl })
  try {
    const jsm = await jetstreamManager(nc)
    const { state } = await jsm.streams.info(stream)
    if (state.messages === 0) return []
    const consumer = await jetstream(nc).consumers.get(stream)
    const messages = await consumer.consume()
    const stored: StoredEvent[] = []
    for await (const message of messages) {
      stored.push({ seq: message.seq, subject: message.subject, msgId: message.headers?.get('Nats-Msg-Id'), event: message.json() })
      if (message.seq >= state.last_seq) break
    }
    return stored
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
