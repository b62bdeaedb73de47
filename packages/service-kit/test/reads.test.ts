import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineEntity, RawQueryFragment, type InferEntity } from '@mikro-orm/core'
import { raw, type MikroORM, type SqlEntityManager } from '@mikro-orm/postgresql'
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@travel-crm/testkit'
import { containingPattern, createOrm, findPage } from '../src/data/index.js'

const p = defineEntity.properties
const Guest = defineEntity({
  name: 'Guest',
  tableName: 'guest',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string(),
    email: p.string(),
    archivedAt: p.datetime().columnType('timestamptz').nullable()
  }
})
type Guest = InferEntity<typeof Guest>

let database: TestDatabase
let orm: MikroORM
beforeAll(async () => {
  database = await createTestDatabase(testInfrastructure().databaseUrl)
  orm = await createOrm({ url: database.url, schema: 'public', entities: [Guest], migrations: [], log: () => undefined })
  await orm.em.fork().execute(`create table guest (id serial primary key, name text not null, email text not null, archived_at timestamptz)`)
  await orm.em.fork().execute(`insert into guest (name, email, archived_at) values
    ('Ana Lima', 'ana@example.com', null), ('Bo Lind', 'bo@example.com', null), ('Lina Alm', 'lina@example.com', '2026-01-02T03:04:05Z'),
    ('Ola Berg', 'ola@example.com', null), ('Lim Ana', 'lim@example.com', null)`)
})
afterAll(async () => {
  await orm?.close(true)
  await database?.drop()
})

/** Names containing `part`, archived or not, as a list would ask: a search, so the window count and `id + 0`. */
async function guestsNamed (em: SqlEntityManager, part: string, window: { limit: number, offset: number }, archived = true) {
  const page = await findPage(em, Guest, {
    where: () => ({ name: { $ilike: containingPattern(part) }, ...(archived ? {} : { archivedAt: null }) }),
    order: 'asc',
    search: true,
    ...window
  })
  return { names: page.rows.map((guest: Guest) => guest.name), total: page.total }
}

describe('findPage', () => {
  it('runs each shape of page as a statement prepared once, with each request\'s own values', async () => {
    await orm.em.fork().transactional(async (em) => {
      expect(await guestsNamed(em, 'lim', { limit: 1, offset: 0 })).toEqual({ names: ['Ana Lima'], total: 2 })
      expect(await guestsNamed(em, 'lin', { limit: 1, offset: 1 })).toEqual({ names: ['Lina Alm'], total: 2 })
      expect(await guestsNamed(em, 'li', { limit: 2, offset: 1 })).toEqual({ names: ['Bo Lind', 'Lina Alm'], total: 4 })
      expect(await guestsNamed(em, 'li', { limit: 5, offset: 0 }, false)).toEqual({ names: ['Ana Lima', 'Bo Lind', 'Lim Ana'], total: 3 })
      expect(await guestsNamed(em, 'zz', { limit: 5, offset: 0 })).toEqual({ names: [], total: 0 })
      const prepared = await em.execute<Array<{ statement: string }>>('select statement from pg_prepared_statements')
      expect(prepared.filter((row) => row.statement.includes('count(*) over ()'))).toHaveLength(3)
    })
  })

  it('counts beside a page in a chosen order, and maps columns to properties', async () => {
    const page = await findPage(orm.em.fork(), Guest, {
      where: () => ({ archivedAt: { $ne: null } }), order: 'desc', sort: { property: 'email', direction: 'desc' }, limit: 2, offset: 0
    })
    expect(page.total).toBe(1)
    expect(page.rows).toEqual([{ id: 3, name: 'Lina Alm', email: 'lina@example.com', archivedAt: new Date('2026-01-02T03:04:05Z') }])
    const past = await findPage(orm.em.fork(), Guest, { where: () => ({ email: { $like: '%@example.com' } }), order: 'asc', limit: 2, offset: 9 })
    expect(past).toEqual({ rows: [], total: 5 })
  })

  it('tells equal values apart by where they stand in the filter', async () => {
    const both = async (name: string, email: string) => (await findPage(orm.em.fork(), Guest, {
      where: () => ({ name: { $ilike: name }, email: { $ilike: email } }), order: 'asc', limit: 10, offset: 0
    })).rows.map((guest: Guest) => guest.id)
    expect(await both('%a%', '%a%')).toEqual([1, 3, 4, 5])
    expect(await both('%lim%', '%ana%')).toEqual([1])
    expect(await both('%ana%', '%lim%')).toEqual([5])
  })

  it('takes the parameters of a raw condition as values, leaving no fragment in the ORM\'s cache', async () => {
    const fragments = RawQueryFragment.checkCacheSize()
    const starting = async (letter: string) => (await findPage(orm.em.fork(), Guest, {
      where: () => ({ [raw((alias: string) => `left(${alias}.name, 1) = ?`, [letter])]: [] }), order: 'asc', limit: 10, offset: 0
    })).rows.map((guest: Guest) => guest.name)
    expect(await starting('L')).toEqual(['Lina Alm', 'Lim Ana'])
    expect(await starting('B')).toEqual(['Bo Lind'])
    expect(RawQueryFragment.checkCacheSize()).toBe(fragments)
  })
})
