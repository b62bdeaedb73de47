import { connect, type NatsConnection } from '@nats-io/transport-node'
import { jetstream, jetstreamManager, type JetStreamManager, type PubAck } from '@nats-io/jetstream'
import { buildEnvelope, type EventDraft } from '@travel-crm/service-kit/messaging'
import type { StreamAccess } from '../target.js'

/** Publishes in flight at once: enough to keep NATS busy, few enough that a slow disk pushes back. */
const IN_FLIGHT = 2000

export interface StreamConnection {
  /**
   * Publishes the events as their owning service's relay would (CloudEvents envelope, `<prefix><subject>`,
   * `Nats-Msg-Id` = event id), many at once; resolves when the stream has acknowledged every one.
   */
  publish: (drafts: Iterable<EventDraft>, actorId: number) => Promise<number>
  /** Messages the durable consumer has not acknowledged yet (pending plus in flight). */
  backlog: (durable: string) => Promise<number>
  /** Waits until the durable consumer has acknowledged everything in the stream. */
  drained: (durable: string, timeoutMs: number, onProgress?: (backlog: number) => void) => Promise<void>
  close: () => Promise<void>
}

async function backlogOf (jsm: JetStreamManager, stream: string, durable: string): Promise<number> {
  const [info, consumer] = await Promise.all([jsm.streams.info(stream), jsm.consumers.info(stream, durable)])
  const behind = Math.max(0, info.state.last_seq - consumer.ack_floor.stream_seq)
  return Math.max(behind, consumer.num_pending + consumer.num_ack_pending)
}

export async function openStream (access: StreamAccess): Promise<StreamConnection> {
  const nc: NatsConnection = await connect({ servers: access.natsUrl, name: 'bench' })
  const js = jetstream(nc, { timeout: 30_000 })
  const jsm = await jetstreamManager(nc)
  return {
    publish: async (drafts, actorId) => {
      const inFlight: Array<Promise<PubAck>> = []
      let published = 0
      for (const draft of drafts) {
        const envelope = buildEnvelope(draft.subject.split('.')[0] as string, draft, { actorId: String(actorId) })
        const ack = js.publish(`${access.subjectPrefix}${draft.subject}`, JSON.stringify(envelope), { msgID: envelope.id })
        // Marked handled now: a refusal surfaces when its turn comes, not as an unhandled rejection before.
        ack.catch(() => undefined)
        inFlight.push(ack)
        published += 1
        if (inFlight.length >= IN_FLIGHT) await inFlight.shift()
      }
      await Promise.all(inFlight)
      return published
    },
    backlog: async (durable) => await backlogOf(jsm, access.stream, durable),
    drained: async (durable, timeoutMs, onProgress) => {
      const deadline = Date.now() + timeoutMs
      let lastReport = 0
      for (;;) {
        const backlog = await backlogOf(jsm, access.stream, durable)
        if (backlog === 0) return
        if (Date.now() > deadline) throw new Error(`consumer ${durable} still has ${backlog} events to apply after ${timeoutMs} ms`)
        if (onProgress !== undefined && Date.now() - lastReport > 10_000) {
          lastReport = Date.now()
          onProgress(backlog)
        }
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    },
    close: async () => { await nc.drain() }
  }
}
