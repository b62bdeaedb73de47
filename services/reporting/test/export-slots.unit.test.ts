import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ExportSlots, type Admission } from '../src/export-slots.js'

/** An admission that has not been decided yet reads as `waiting`. */
function watch (admission: Promise<Admission>): () => Admission | 'waiting' {
  let outcome: Admission | 'waiting' = 'waiting'
  void admission.then((value) => { outcome = value })
  return () => outcome
}

describe('export slots', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('lets one user stream at most half of them, so others still get theirs at once', async () => {
    const slots = new ExportSlots({ streams: 4, queue: 8, waitMs: 10_000 })
    expect([await slots.take(7), await slots.take(7)]).toEqual(['taken', 'taken'])
    const third = watch(slots.take(7))
    expect([await slots.take(8), await slots.take(8)]).toEqual(['taken', 'taken'])
    await vi.advanceTimersByTimeAsync(0)
    expect(third()).toBe('waiting')
    expect(slots.load).toEqual({ streaming: 4, waiting: 1 })
  })

  it('queues what comes beyond the streams and admits it in arrival order as streams end', async () => {
    const slots = new ExportSlots({ streams: 2, queue: 8, waitMs: 10_000 })
    expect([await slots.take(1), await slots.take(2)]).toEqual(['taken', 'taken'])
    const queued = [3, 4, 5].map((user) => watch(slots.take(user)))
    await vi.advanceTimersByTimeAsync(0)
    expect(queued.map((outcome) => outcome())).toEqual(['waiting', 'waiting', 'waiting'])
    slots.release(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(queued.map((outcome) => outcome())).toEqual(['taken', 'waiting', 'waiting'])
    slots.release(2)
    slots.release(3)
    await vi.advanceTimersByTimeAsync(0)
    expect(queued.map((outcome) => outcome())).toEqual(['taken', 'taken', 'taken'])
    expect(slots.load).toEqual({ streaming: 2, waiting: 0 })
  })

  it('passes over a user at their share to the next in line, and comes back to them', async () => {
    const slots = new ExportSlots({ streams: 2, queue: 8, waitMs: 10_000 })
    expect([await slots.take(1), await slots.take(2)]).toEqual(['taken', 'taken'])
    const userOneAgain = watch(slots.take(1))
    const userThree = watch(slots.take(3))
    slots.release(2)
    await vi.advanceTimersByTimeAsync(0)
    // User 1 still streams their one: user 3, behind them, goes first.
    expect([userOneAgain(), userThree()]).toEqual(['waiting', 'taken'])
    slots.release(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(userOneAgain()).toBe('taken')
  })

  it('refuses at once past the queue (busy) or past a user\'s half of it (share used)', async () => {
    const slots = new ExportSlots({ streams: 1, queue: 4, waitMs: 10_000 })
    expect(await slots.take(1)).toBe('taken')
    const waiting = [watch(slots.take(2)), watch(slots.take(2))]
    expect(await slots.take(2)).toBe('share-used')
    waiting.push(watch(slots.take(3)), watch(slots.take(4)))
    expect(await slots.take(5)).toBe('busy')
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting.map((outcome) => outcome())).toEqual(['waiting', 'waiting', 'waiting', 'waiting'])
  })

  it('answers busy once the wait limit passes, and frees the place in the queue', async () => {
    const slots = new ExportSlots({ streams: 1, queue: 1, waitMs: 10_000 })
    expect(await slots.take(1)).toBe('taken')
    const late = watch(slots.take(2))
    await vi.advanceTimersByTimeAsync(9_999)
    expect(late()).toBe('waiting')
    expect(await slots.take(3)).toBe('busy')
    await vi.advanceTimersByTimeAsync(1)
    expect(late()).toBe('busy')
    const next = watch(slots.take(3))
    slots.release(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(next()).toBe('taken')
  })

  it('drops a waiter whose client went away, and gives its turn to the next', async () => {
    const slots = new ExportSlots({ streams: 1, queue: 4, waitMs: 10_000 })
    expect(await slots.take(1)).toBe('taken')
    const client = new AbortController()
    const leaving = watch(slots.take(2, client.signal))
    const staying = watch(slots.take(3))
    client.abort()
    await vi.advanceTimersByTimeAsync(0)
    expect(leaving()).toBe('gone')
    expect(slots.load.waiting).toBe(1)
    slots.release(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(staying()).toBe('taken')
    expect(slots.load).toEqual({ streaming: 1, waiting: 0 })
  })

  it('gives each user at least one stream and one place in the queue however few there are', async () => {
    const slots = new ExportSlots({ streams: 1, queue: 1, waitMs: 10_000 })
    expect(await slots.take(1)).toBe('taken')
    const second = watch(slots.take(1))
    expect(await slots.take(1)).toBe('share-used')
    expect(await slots.take(2)).toBe('busy')
    slots.release(1)
    await vi.advanceTimersByTimeAsync(0)
    expect(second()).toBe('taken')
  })
})
