import { describe, expect, it } from 'vitest'
import { ExportSlots } from '../src/export-slots.js'

describe('export slots', () => {
  it('lets one user hold at most half of them, so others still get theirs', () => {
    const slots = new ExportSlots(4)
    expect([slots.take(7), slots.take(7), slots.take(7)]).toEqual(['taken', 'taken', 'share-used'])
    expect([slots.take(8), slots.take(8)]).toEqual(['taken', 'taken'])
    expect(slots.take(9)).toBe('busy')
    slots.release(7)
    expect(slots.take(9)).toBe('taken')
    expect(slots.take(7)).toBe('busy')
  })

  it('gives each user at least one slot however few there are', () => {
    const slots = new ExportSlots(1)
    expect(slots.take(1)).toBe('taken')
    expect(slots.take(1)).toBe('share-used')
    expect(slots.take(2)).toBe('busy')
  })
})
