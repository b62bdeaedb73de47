import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineEntity, type EventSubscriber, type InferEntity } from '@mikro-orm/core'
import type { MikroORM } from '@mikro-orm/postgresql'
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@travel-crm/testkit'
import { createOrm } from '../src/data/index.js'

const p = defineEntity.properties
const Visit = defineEntity({
  name: 'Visit',
  tableName: 'visit',
  properties: { id: p.integer().primary().autoincrement(), place: p.string() }
})
type Visit = InferEntity<typeof Visit>

/**
 * Whether Node runs its promise hooks now. With them, what follows an `await` runs under the async id its promise was
 * given; without them, no promise has one, and the id there is 0.
 */
async function promiseHooksOn (): Promise<boolean> {
  await null
  return executionAsyncId() !== 0
}

/** What the promise hooks were while each flush ran (a subscriber's `beforeFlush` runs inside it). */
const duringFlush: boolean[] = []
const flushWatcher: EventSubscriber = {
  async beforeFlush () { duringFlush.push(await promiseHooksOn()) }
}

let database: TestDatabase
let orm: MikroORM
beforeAll(async () => {
  database = await createTestDatabase(testInfrastructure().databaseUrl)
  orm = await createOrm({ url: database.url, schema: 'public', entities: [Visit], migrations: [], log: () => undefined })
  orm.em.getEventManager().registerSubscriber(flushWatcher)
  await orm.em.fork().execute('create table visit (id serial primary key, place text not null)')
})
afterAll(async () => {
  await orm?.close(true)
  await database?.drop()
})

// MikroORM keeps its flush's, its transactions' and findAndCount's context in AsyncLocalStorage. While a storage
// is on, Node 20 runs hooks for every promise the process makes; the patch (patches/@mikro-orm__core@6.6.16.patch)
// turns each storage off once its runs have settled, where it used to stay on for good after the first.
describe('MikroORM and Node\'s promise hooks', () => {
  it('tells the hooks on from off (the probe this file relies on)', async () => {
    expect(await promiseHooksOn()).toBe(false)
    const storage = new AsyncLocalStorage<number>()
    const inside = await storage.run(1, promiseHooksOn)
    expect(inside).toBe(true)
    storage.disable()
    expect(await promiseHooksOn()).toBe(false)
  })

  it('runs a flush with the hooks on and leaves them off once it is done', async () => {
    duringFlush.length = 0
    const em = orm.em.fork()
    em.create(Visit, { place: 'Bergen' })
    await em.flush()
    expect(duringFlush).toEqual([true])
    expect(await promiseHooksOn()).toBe(false)
    // Its guard still holds: a flush from inside a flush is refused, as before.
    const nested = orm.em.fork({ cloneEventManager: true })
    let refusal: unknown
    nested.getEventManager().registerSubscriber({ async beforeFlush () { refusal = await nested.flush().then(() => undefined, (error: unknown) => error) } })
    nested.create(Visit, { place: 'Tromsø' })
    await nested.flush()
    expect(String(refusal)).toMatch(/cannot commit|flush/i)
    expect(await promiseHooksOn()).toBe(false)
  })

  it('keeps a transaction\'s context while another one ends, and turns the hooks off after the last', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => { release = resolve })
    let seen: { first: unknown, afterOtherEnded: unknown, hooks: boolean } | undefined
    const first = orm.em.fork().transactional(async (em) => {
      const before = orm.em.getContext(false)
      await gate
      seen = { first: before === em, afterOtherEnded: orm.em.getContext(false) === em, hooks: await promiseHooksOn() }
      em.create(Visit, { place: 'Oslo' })
    })
    await orm.em.fork().transactional(async (em) => { em.create(Visit, { place: 'Bodø' }) })
    release()
    await first
    expect(seen).toEqual({ first: true, afterOtherEnded: true, hooks: true })
    expect(await promiseHooksOn()).toBe(false)
    const [row] = await orm.em.fork().execute<Array<{ count: string }>>('select count(*) from visit where place in (\'Oslo\', \'Bodø\')')
    expect(Number(row?.count)).toBe(2)
  })

  it('turns them off after a findAndCount', async () => {
    const [visits, count] = await orm.em.fork().findAndCount(Visit, {}, { orderBy: { id: 'asc' } })
    expect(visits.map((visit: Visit) => visit.place)).toContain('Bergen')
    expect(count).toBe(visits.length)
    expect(await promiseHooksOn()).toBe(false)
  })
})
