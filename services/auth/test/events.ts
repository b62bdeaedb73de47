import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import type { CloudEvent } from '@travel-crm/contracts'

/**
 * The last event published on a catalogue subject, read back from the test's own stream; waits for the
 * outbox relay to publish it.
 */
export async function lastEventOn (app: ServiceApp, subject: string, newerThanSeq = 0): Promise<CloudEvent & { seq: number }> {
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      const message = await app.bus.jsm.streams.getMessage(app.bus.stream, { last_by_subj: app.bus.subject(subject) })
      if (message !== null && message.seq > newerThanSeq) return { ...message.json<CloudEvent>(), seq: message.seq }
    } catch (error) {
      if (!/no message found/i.test((error as Error).message)) throw error
    }
    if (Date.now() > deadline) throw new Error(`no ${subject} event after seq ${newerThanSeq}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
