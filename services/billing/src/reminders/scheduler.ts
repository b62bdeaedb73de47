import type { FastifyBaseLogger } from 'fastify'
import { RecurringRound } from '@travel-crm/service-kit/data'
import type { UnitOfWork } from '@travel-crm/service-kit/messaging'
import { sendReminders } from './reminders.js'

export interface ReminderOptions {
  days: number
  intervalMs: number
  /** What time it is: tests set the day. */
  now: () => Date
}

/**
 * Looks for reminders to send now and then every `intervalMs` on every replica; the claims in the database,
 * not this timer, make each reminder go once. A failed round is logged and tried again next round.
 */
export class ReminderScheduler {
  private readonly rounds: RecurringRound

  constructor (
    private readonly transact: UnitOfWork,
    private readonly logger: FastifyBaseLogger,
    private readonly options: ReminderOptions
  ) {
    this.rounds = new RecurringRound(async () => await this.remindNow(), options.intervalMs,
      (error) => { logger.warn({ err: error }, 'invoice reminders failed; trying again next round') })
  }

  start (): void { this.rounds.start() }

  async stop (): Promise<void> { await this.rounds.stop() }

  /** One round as of the scheduler's clock; answers how many reminders it sent. */
  async remindNow (): Promise<number> {
    const sent = await sendReminders(this.transact, this.options.now(), this.options.days)
    if (sent > 0) this.logger.info({ sent }, 'invoice reminders sent')
    return sent
  }
}
