import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MikroORM } from '@mikro-orm/postgresql'
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@travel-crm/testkit'
import { createOrm, preparedStatement, runPrepared } from '../src/data/index.js'

let database: TestDatabase
let orm: MikroORM
beforeAll(async () => {
  database = await createTestDatabase(testInfrastructure().databaseUrl)
  orm = await createOrm({ url: database.url, schema: 'public', entities: [], migrations: [], log: () => undefined })
  await orm.em.fork().execute('create table booking_note (id integer primary key)')
})
afterAll(async () => {
  await orm?.close(true)
  await database?.drop()
})

const NOTES = preparedStatement('select count(*)::int as notes from booking_note where id >= $1')

describe('runPrepared', () => {
  it('runs on a pooled connection outside a transaction', async () => {
    expect(await runPrepared(orm.em.fork(), NOTES, [0])).toEqual([{ notes: 0 }])
  })

  it('runs in the entity manager\'s transaction, as a statement prepared once under its name', async () => {
    await orm.em.fork().transactional(async (em) => {
      await em.execute('insert into booking_note (id) values (1)')
      // Uncommitted: only the transaction's own connection sees the row.
      expect(await runPrepared(em, NOTES, [1])).toEqual([{ notes: 1 }])
      expect(await runPrepared(em, NOTES, [2])).toEqual([{ notes: 0 }])
      const prepared = await em.execute<Array<{ name: string }>>('select name from pg_prepared_statements')
      expect(prepared.map((row) => row.name)).toContain(NOTES.name)
      await em.execute('delete from booking_note')
    })
  })
})
