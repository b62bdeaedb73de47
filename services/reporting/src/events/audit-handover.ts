import type { ConsumerContext } from '@travel-crm/service-kit/messaging'
import { auditTrail } from './audit-trail.js'

/** The audit trail's own durable consumer, before the read models' consumer took the trail over. */
export const AUDIT_CONSUMER = 'reporting-audit'

/**
 * Hands the audit trail over from its own durable (`reporting-audit`) to the read models' consumer, before that
 * one applies anything. The old durable goes on from where it stopped up to the stream's last event at that
 * moment, records what it applies in the inbox under its own name as it always did (so an event it had applied
 * without acknowledging it is not applied again), and is then deleted: the events the read models' consumer had
 * already acknowledged get their entry from it, once. The read models' consumer will still deliver the events
 * it had not acknowledged yet, and the trail skips those the old durable entered (an entry is made once per event
 * id, `keepRecord`). Once the durable is gone there is nothing to hand over; a crash midway leaves it in place,
 * and the next start goes on from its new position.
 *
 * Needs the old processes stopped (a deploy that replaces them rather than one that runs old and new side by
 * side): one still running the projections alone would acknowledge events of the shared durable without an entry.
 */
export async function handOverAuditTrail ({ bus, logger, consumer }: ConsumerContext): Promise<void> {
  // Only a durable that is not there means nothing to hand over; any other failure stops the start.
  const old = await bus.jsm.consumers.info(bus.stream, AUDIT_CONSUMER).catch((error: Error) => {
    if (/consumer not found/i.test(error.message)) return undefined
    throw error
  })
  if (old === undefined) return
  const through = (await bus.jsm.streams.info(bus.stream)).state.last_seq
  logger.info({ from: old.ack_floor.stream_seq + 1, through }, 'audit trail: its own consumer applies what it has not yet, before the read models\' consumer takes it over')
  await consumer({ durable: AUDIT_CONSUMER, handlers: auditTrail, endSequence: through }).finish()
}
