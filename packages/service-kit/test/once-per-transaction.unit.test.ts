import type { EntityManager } from '@mikro-orm/postgresql'
import { describe, expect, it } from 'vitest'
import { oncePerTransaction, perTransaction } from '../src/messaging/unit-of-work.js'

describe('oncePerTransaction', () => {
  it('computes once per entity manager and hands each later call of the same transaction that result', async () => {
    const calls: EntityManager[] = []
    const counted = oncePerTransaction(async (em) => { calls.push(em); return calls.length })
    // Entity managers are told apart by identity only: two plain objects stand for two transactions.
    const first = {} as EntityManager
    const second = {} as EntityManager
    expect(await Promise.all([counted(first), counted(first)])).toEqual([1, 1])
    expect(await counted(second)).toBe(2)
    expect(await counted(first)).toBe(1)
    expect(calls).toEqual([first, second])
  })
})

describe('perTransaction', () => {
  it('gives each transaction a value of its own, the same one on every call with it', () => {
    const keysOf = perTransaction((): Map<number, string> => new Map())
    const first = {} as EntityManager
    const second = {} as EntityManager
    keysOf(first).set(1, 'key of client 1')
    expect(keysOf(first).get(1)).toBe('key of client 1')
    expect(keysOf(second).size).toBe(0)
    expect(keysOf(first)).not.toBe(keysOf(second))
  })
})
