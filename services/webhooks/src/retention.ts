import type { FastifyBaseLogger as Logger } from 'fastify'
import type { MikroORM } from '@mikro-orm/postgresql'
import { RecurringRound } from '@travel-crm/service-kit/data'

/** Rows deleted per statement: each batch is a short transaction, so a large purge never holds locks for long. */
const BATCH = 5000

/** The one purge at a time among replicas: a transaction-level advisory lock on this key. */
const PURGE_LOCK = 'webhooks.delivery-purge'

export interface Purged {
  /** False when another replica was purging: this one left it to them. */
  ran: boolean
  deliveries: number
  events: number
}

/**
 * Deletes deliveries that are done (delivered or parked) and were queued before `olderThan`, their attempts
 * with them (on delete cascade), then the stored events no delivery refers to any more. Pending deliveries are
 * never purged, however old: they are still to be sent (a disabled endpoint's wait for it to be turned on).
 * Safe with several replicas: the first to take the advisory lock purges, the others skip this round.
 */
export async function purgeDeliveries (orm: MikroORM, olderThan: Date): Promise<Purged> {
  const em = orm.em.fork()
  return await em.transactional(async (tx) => {
    const [lock] = await tx.execute<Array<{ locked: boolean }>>('select pg_try_advisory_xact_lock(hashtext(?)) as locked', [PURGE_LOCK])
    if (lock?.locked !== true) return { ran: false, deliveries: 0, events: 0 }
    let deliveries = 0
    for (;;) {
      const deleted = await tx.execute<Array<{ id: string }>>(
        `delete from delivery where id in (
           select id from delivery where status <> 'pending' and created_at < ? order by created_at limit ${BATCH}
         ) returning id`,
        [olderThan]
      )
      deliveries += deleted.length
      if (deleted.length < BATCH) break
    }
    let events = 0
    for (;;) {
      const deleted = await tx.execute<Array<{ id: string }>>(
        `delete from event where id in (
           select e.id from event e where e.received_at < ? and not exists (select 1 from delivery d where d.event_id = e.id)
           order by e.received_at limit ${BATCH}
         ) returning id`,
        [olderThan]
      )
      events += deleted.length
      if (deleted.length < BATCH) break
    }
    return { ran: true, deliveries, events }
  })
}

/** Runs the purge now and then every `intervalMs` while the service runs. */
export class DeliveryPurge {
  private readonly rounds: RecurringRound

  constructor (
    private readonly orm: MikroORM,
    private readonly logger: Logger,
    private readonly options: { retentionDays: number, intervalMs: number }
  ) {
    this.rounds = new RecurringRound(async () => await this.purgeNow(), options.intervalMs,
      (error) => { logger.warn({ err: error }, 'webhook delivery purge failed; trying again next round') })
  }

  start (): void { this.rounds.start() }

  async stop (): Promise<void> { await this.rounds.stop() }

  async purgeNow (): Promise<Purged> {
    const purged = await purgeDeliveries(this.orm, new Date(Date.now() - this.options.retentionDays * 86_400_000))
    if (purged.deliveries > 0 || purged.events > 0) this.logger.info(purged, 'old webhook deliveries purged')
    return purged
  }
}
