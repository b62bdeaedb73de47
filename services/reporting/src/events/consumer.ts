import type { ConsumerOptions, EventHandler } from '@travel-crm/service-kit/messaging'
import { departureProjections } from '../departures/projections.js'
import { moneyProjections } from '../margins/projections.js'
import { handOverAuditTrail } from './audit-handover.js'
import { auditTrail } from './audit-trail.js'
import { projections } from './projections.js'

/** The durable consumer every replica shares; it reads the whole stream (every subject of auth, crm and billing). */
export const CONSUMER = 'reporting'

function inTurn (first: EventHandler | undefined, second: EventHandler | undefined): EventHandler | undefined {
  if (first === undefined || second === undefined) return first ?? second
  return async (em, event, events, stream) => {
    await first(em, event, events, stream)
    await second(em, event, events, stream)
  }
}

/**
 * One consumer for the read models and the audit trail: each event is delivered once, recorded once in the
 * inbox and applied to both in one transaction (a second durable cost every event a delivery, an inbox row and
 * a transaction more). The trail's entry comes after the projections, so an event that fails either is retried
 * or dead-lettered whole.
 */
export function readModelConsumer (): ConsumerOptions {
  const readModels: Partial<Record<string, EventHandler>> = { ...projections, ...moneyProjections, ...departureProjections }
  const subjects = new Set([...Object.keys(readModels), ...Object.keys(auditTrail)])
  return {
    durable: CONSUMER,
    handlers: Object.fromEntries([...subjects].map((subject) => [subject, inTurn(readModels[subject], auditTrail[subject])])),
    beforeStart: handOverAuditTrail
  }
}
