export interface RetrySchedule {
  firstRetryMs: number
  maxIntervalMs: number
  retryForMs: number
}

/**
 * When a delivery that just failed its `attempts`-th try is tried again, or null when it is to be parked: the
 * wait doubles with each try up to the maximum, and is drawn between half and all of it so that the deliveries
 * of an endpoint that was down do not all come back in the same instant.
 */
export function nextAttemptAt (schedule: RetrySchedule, attempts: number, queuedAt: Date, now: Date, random = Math.random): Date | null {
  const ceiling = Math.min(schedule.maxIntervalMs, schedule.firstRetryMs * 2 ** Math.min(attempts - 1, 40))
  const at = new Date(now.getTime() + Math.round(ceiling * (0.5 + random() / 2)))
  return at.getTime() > queuedAt.getTime() + schedule.retryForMs ? null : at
}
