import { describe, expect, it } from 'vitest'
import { nextAttemptAt } from '../src/backoff.js'

const schedule = { firstRetryMs: 2000, maxIntervalMs: 3_600_000, retryForMs: 86_400_000 }
const queuedAt = new Date('2027-01-01T00:00:00Z')
const wait = (attempts: number, random: number, now = queuedAt) => (nextAttemptAt(schedule, attempts, queuedAt, now, () => random)?.getTime() ?? NaN) - now.getTime()

describe('retry schedule', () => {
  it('retries first within seconds, then doubling, between half and all of each ceiling', () => {
    expect(wait(1, 0)).toBe(1000)
    expect(wait(1, 1)).toBe(2000)
    expect(wait(2, 1)).toBe(4000)
    expect(wait(5, 0)).toBe(16_000)
  })

  it('never waits longer than the maximum interval', () => {
    expect(wait(30, 1)).toBe(3_600_000)
    expect(wait(1000, 1)).toBe(3_600_000)
  })

  it('parks a delivery whose next try would fall past the retry window', () => {
    const late = new Date(queuedAt.getTime() + 86_400_000 - 1000)
    expect(nextAttemptAt(schedule, 3, queuedAt, late, () => 0)).toBeNull()
    expect(nextAttemptAt(schedule, 1, queuedAt, new Date(queuedAt.getTime() + 86_400_000 - 5000), () => 1)).not.toBeNull()
  })
})
