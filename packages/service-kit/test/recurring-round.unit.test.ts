import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RecurringRound } from '../src/data/recurring-round.js'

describe('RecurringRound', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('runs a round at once, then one per interval, never two at the same time', async () => {
    let started = 0
    let finish: () => void = () => undefined
    const round = new RecurringRound(async () => {
      started++
      await new Promise<void>((resolve) => { finish = resolve })
    }, 1000, () => undefined)
    round.start()
    expect(started).toBe(1)
    await vi.advanceTimersByTimeAsync(3000)
    expect(started).toBe(1)
    finish()
    await vi.advanceTimersByTimeAsync(1000)
    expect(started).toBe(2)
    finish()
    await round.stop()
  })

  it('hands a failed round to its handler and tries again next interval', async () => {
    const failures: unknown[] = []
    let calls = 0
    const round = new RecurringRound(async () => {
      calls++
      if (calls === 1) throw new Error('database away')
    }, 500, (error) => failures.push(error))
    round.start()
    await vi.advanceTimersByTimeAsync(500)
    expect(failures).toHaveLength(1)
    expect(calls).toBe(2)
    await round.stop()
  })

  it('stops the timer and waits for the round under way', async () => {
    let done = false
    const round = new RecurringRound(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200))
      done = true
    }, 1000, () => undefined)
    round.start()
    const stopped = round.stop()
    await vi.advanceTimersByTimeAsync(200)
    await stopped
    expect(done).toBe(true)
    await vi.advanceTimersByTimeAsync(5000)
    expect(vi.getTimerCount()).toBe(0)
  })
})
