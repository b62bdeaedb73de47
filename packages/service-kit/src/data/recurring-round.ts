/**
 * Work a service does by the clock on every replica (invoice reminders, the delivery purge): a round at once,
 * then one every `intervalMs`. A round still running (a long backlog) is left to finish and the next tick after
 * it carries on, so rounds never pile up; a failed round goes to `failed` and is simply tried again next time.
 * Whatever must happen once across replicas is claimed in the database by the round itself, not by this timer.
 */
export class RecurringRound {
  private timer: ReturnType<typeof setInterval> | undefined
  private running: Promise<unknown> = Promise.resolve()
  private busy = false

  constructor (
    private readonly round: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly failed: (error: unknown) => void
  ) {}

  start (): void {
    const run = () => {
      if (this.busy) return
      this.busy = true
      this.running = this.round().catch(this.failed).finally(() => { this.busy = false })
    }
    run()
    this.timer = setInterval(run, this.intervalMs)
    // A timer alone never keeps the process up: shutting down stops it and waits for the round under way.
    this.timer.unref()
  }

  /** Stops the timer and waits for the round under way, so a shutdown never cuts one short. */
  async stop (): Promise<void> {
    clearInterval(this.timer)
    await this.running
  }
}
