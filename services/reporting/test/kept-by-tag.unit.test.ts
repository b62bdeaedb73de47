import { describe, expect, it } from 'vitest'
import { KeptByTag } from '../src/kept-by-tag.js'

describe('values kept by tag', () => {
  it('gives the kept value while the tag holds, and a new one (the old dropped) once it moves', () => {
    const dropped: string[] = []
    const kept = new KeptByTag<string>(8, (value) => { dropped.push(value) })
    expect(kept.at('/report', '1-2031-06-15', () => 'first')).toBe('first')
    expect(kept.at('/report', '1-2031-06-15', () => 'second')).toBe('first')
    expect(kept.at('/report', '2-2031-06-15', () => 'third')).toBe('third')
    expect(dropped).toEqual(['first'])
  })

  it('forgets the oldest used past its limit, and a failed value only while it is still the kept one', () => {
    const dropped: string[] = []
    const kept = new KeptByTag<string>(2, (value) => { dropped.push(value) })
    kept.at('a', 't', () => 'a1')
    kept.at('b', 't', () => 'b1')
    kept.at('a', 't', () => 'unused')
    kept.at('c', 't', () => 'c1')
    expect(dropped).toEqual(['b1'])
    kept.forget('a', 'not a1')
    expect(kept.at('a', 't', () => 'a2')).toBe('a1')
    kept.forget('a', 'a1')
    expect(kept.at('a', 't', () => 'a3')).toBe('a3')
    expect(kept.clear().sort()).toEqual(['a3', 'c1'])
  })
})
