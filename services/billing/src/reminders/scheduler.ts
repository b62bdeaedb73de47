import type { FastifyBaseLogger } from 'fastify'
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
  private timer: ReturnType<typeof setInterval> | undefined
  private running: Promise<unknown> = Promise.resolve()
  private busy = false

  constructor (
    private readonly transact: UnitOfWork,
    private readonly logger: FastifyBaseLogger,
    private readonly options: ReminderOptions
  ) {}

  start (): void {
    const run = () => {
      // A round still running (a long backlog) is left to finish: the next tick after it carries on.
      if (this.busy) return
      this.busy = true
      this.running = this.remindNow()
        .catch((error: unknown) => { this.logger.warn({ err: error }, 'invoice reminders failed; trying again next round') })
        .finally(() => { this.busy = false })
    }
    run()
    this.timer = setInterval(run, this.options.intervalMs)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    await this.running
  }

  /** One round as of the scheduler's clock; answers how many reminders it sent. */
  async remindNow (): Promise<number> {
    const sent = await sendReminders(this.transact, this.options.now(), this.options.days)
    if (sent > 0) this.logger.info({ sent }, 'invoice reminders sent')
    return sent
  }
}
