import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UniqueConstraintViolationException, type MikroORM } from '@mikro-orm/postgresql'
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@travel-crm/testkit'
import { createOrm, executePrepared, preparedStatement, runPrepared } from '../src/data/index.js'

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

describe('executePrepared', () => {
  it('runs a statement written for em.execute prepared once per connection, its values typed by where they stand', async () => {
    await orm.em.fork().transactional(async (em) => {
      // `?` for each value, as for em.execute; an insert's select takes its values' types from the columns.
      const insert = 'insert into booking_note (id) select ? where not exists (select from booking_note where id = ?)'
      await executePrepared(em, insert, [7, 7])
      await executePrepared(em, insert, ['8', 8])
      await executePrepared(em, insert, [8, 8])
      expect(await executePrepared(em, 'select id from booking_note order by id', [])).toEqual([{ id: 7 }, { id: 8 }])
      const prepared = await em.execute<Array<{ statement: string, parameter_types: string }>>(
        'select statement, parameter_types::text from pg_prepared_statements where statement like \'insert into booking_note%\'')
      // One statement for the three runs, numbered as Postgres wants it.
      expect(prepared).toEqual([{ statement: 'insert into booking_note (id) select $1 where not exists (select from booking_note where id = $2)', parameter_types: '{integer,integer}' }])
      await em.execute('delete from booking_note')
    })
  })

  it('throws what em.execute throws: a unique violation as UniqueConstraintViolationException', async () => {
    await orm.em.fork().transactional(async (em) => {
      await executePrepared(em, 'insert into booking_note (id) values (?)', [9])
      await expect(executePrepared(em, 'insert into booking_note (id) values (?)', [9])).rejects.toBeInstanceOf(UniqueConstraintViolationException)
      throw new Error('roll back')
    }).catch((error: Error) => { if (error.message !== 'roll back') throw error })
  })
})
