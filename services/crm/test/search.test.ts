import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EntityManager } from '@mikro-orm/postgresql'
import { listClients } from '../src/clients.js'
import { Client } from '../src/entities/client.js'
import { Trip } from '../src/entities/trip.js'
import { containing } from '../src/substring-search.js'
import { BIGRAMS_FUNCTION } from '../src/migrations/20261206200000-bigrams-compiled-once.js'
import { startCrm, type CrmUnderTest } from './crm-under-test.js'

describe('search indexes', () => {
  let crm: CrmUnderTest

  beforeAll(async () => { crm = await startCrm() })
  afterAll(async () => { await crm?.close() })

  /** The plan Postgres picks when it may not scan the whole table: proof an index can serve the query. */
  async function planOf (query: (em: EntityManager) => string, ...parameters: string[]): Promise<string> {
    return await crm.app.orm.em.fork().transactional(async (em) => {
      await em.execute('set local enable_seqscan = off')
      const rows = await em.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${query(em)}`, parameters)
      return rows.map((row) => row['QUERY PLAN']).join('\n')
    })
  }

  /** The statement the app's own search filter (`containing`, src/substring-search.ts) makes, with its values in it. */
  const searchOf = (entity: 'Client' | 'Trip', column: string, part: string) => (em: EntityManager) => entity === 'Client'
    ? em.createQueryBuilder(Client).select('id').where(containing<Client>(column, part)).getFormattedQuery()
    : em.createQueryBuilder(Trip).select('id').where(containing<Trip>(column, part)).getFormattedQuery()

  it.each(['name', 'email', 'phone', 'company'])('serves a substring search on client %s from a trigram index', async (column) => {
    expect(await planOf(searchOf('Client', column, 'ana'))).toContain(`client_${column}_trgm`)
  })

  // Two characters, which pg_trgm cannot index.
  it.each([['client', 'name', 'Client'], ['client', 'email', 'Client'], ['client', 'company', 'Client'], ['trip', 'destination', 'Trip']] as const)(
    'serves a two-character search on %s %s from a bigram index', async (table, column, entity) => {
      expect(await planOf(searchOf(entity, column, 'Xu'))).toContain(`${table}_${column}_bigrams`)
    })

  it('takes the bigrams of text as it is, in order', async () => {
    const [row] = await crm.app.orm.em.fork().execute<Array<{ pairs: string[], repeated: string[], none: string[], empty: string[] }>>(
      'select bigrams(\'Ødegård Xu\') as pairs, bigrams(\'Anna Hanna\') as repeated, bigrams(\'X\') as none, bigrams(\'\') as empty')
    expect(row?.pairs).toEqual(['Ød', 'de', 'eg', 'gå', 'år', 'rd', 'd ', ' X', 'Xu'])
    // A pair that occurs twice comes twice: a GIN index and `@>` take each element once.
    expect(row?.repeated).toEqual(['An', 'nn', 'na', 'a ', ' H', 'Ha', 'an', 'nn', 'na'])
    expect(row?.none).toEqual([])
    expect(row?.empty).toEqual([])
  })

  // Indexes built before BigramsCompiledOnce20261206200000 hold the keys of the old bigrams(), each pair once in
  // sorted order, and were not rebuilt: searches through them must find what the new function asks for.
  it('finds two characters in a bigram index built with the old bigrams()', async () => {
    const names = ['Hanna Xu', 'Anna Anders', 'Nan Annan', 'Xunna']
    const found = await crm.app.orm.em.fork().transactional(async (em) => {
      await em.execute(`create or replace function bigrams (value text) returns text[] language sql immutable strict parallel safe
        begin atomic
          select coalesce(array_agg(distinct substr(value, position, 2)), '{}') from generate_series(1, char_length(value) - 1) as position;
        end`)
      await em.execute(`insert into client (name, email, phone) select name, 'pairs-' || n || '@example.com', '+44 20 7946 0000'
        from unnest(array[${names.map(() => '?').join(', ')}]::text[]) with ordinality as given (name, n)`, names)
      await em.execute(BIGRAMS_FUNCTION)
      await em.execute('set local enable_seqscan = off')
      const search = async (part: string): Promise<string[]> => (await em.execute<Array<{ name: string }>>(
        'select name from client where bigrams(lower(name)) @> bigrams(lower(?)) and name ilike ? and email like \'pairs-%\' order by name',
        [part, `%${part}%`])).map((row) => row.name)
      const results = { nn: await search('nn'), xu: await search('Xu'), 'an a': await search('an a') }
      // The clients and both functions go with the transaction: the migration's function stays.
      throw Object.assign(new Error('roll back'), { results })
    }).catch((error: { results?: unknown }) => error.results ?? error)
    expect(found).toEqual({ nn: ['Anna Anders', 'Hanna Xu', 'Nan Annan', 'Xunna'], xu: ['Hanna Xu', 'Xunna'], 'an a': ['Nan Annan'] })
  })

  it('serves a substring search on trip destination from a trigram index', async () => {
    expect(await planOf(searchOf('Trip', 'destination', 'lis'))).toContain('trip_destination_trgm')
  })

  // GIN puts new rows in a pending list that every search reads whole; a long one makes Postgres scan the table
  // with `ilike` on each row instead (migration SearchPendingLists20261206060000 keeps the lists short).
  it('still finds a search in the trigram index right after 2,000 new clients', async () => {
    const plan = await crm.app.orm.em.fork().transactional(async (em) => {
      await em.execute(`insert into client (name, email, phone)
        select 'Pending Client ' || n, 'pending-' || n || '@example.com', '+44 20 7946 0000' from generate_series(1, 2000) as n`)
      // Counted as autovacuum would count them, so the plan is not a guess about an empty table.
      await em.execute('analyze client')
      const rows = await em.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${searchOf('Client', 'name', 'xyz')(em)}`)
      // Nothing stays behind: the clients are rolled back with the transaction.
      throw Object.assign(new Error('roll back'), { plan: rows.map((row) => row['QUERY PLAN']).join('\n') })
    }).catch((error: { plan?: string }) => error.plan)
    expect(plan).toContain('client_name_trgm')
  })

  // The statement crm runs for `GET /clients?name=xyz` (findPage's prepared statement, its count a window over the
  // matches) on 2,000 clients, once a vacuum and analyze have seen them: what autovacuum does within its minute's
  // round, and the bench after making its data. Left as the API leaves it, never vacuumed nor analyzed, Postgres
  // takes the table for 238 rows (a guess from its columns' widths) and scans it for both plans.
  it('finds a search in the trigram index with the statement crm runs, custom and generic plans, once the table is vacuumed and analyzed, and plans it no more after its fifth run', async () => {
    const em = crm.app.orm.em.fork()
    await em.execute(`insert into client (name, email, phone)
      select 'Settled Client ' || n, 'settled-' || n || '@example.com', '+44 20 7946 0000' from generate_series(1, 2000) as n`)
    try {
      await em.execute('vacuum analyze client')
      const plans = await em.transactional(async (tx) => {
        // Prepared on the transaction's connection; more than five runs, after which Postgres may keep a generic plan.
        for (let run = 0; run < 9; run++) {
          expect((await listClients(tx, { name: 'xyz', limit: 50, offset: 0 })).total).toBe(0)
        }
        const [prepared] = await tx.execute<Array<{ name: string, custom_plans: string, generic_plans: string }>>(
          `select name, custom_plans, generic_plans from pg_prepared_statements
           where statement like '%page_total%' and statement like '%.name ilike (select%'`)
        expect(prepared).toBeDefined()
        // Planned for each of its first five runs, as Postgres always does, then never again: the pattern, out of
        // the planner's sight, cannot make a plan of its own cheaper than the one kept (src/substring-search.ts).
        expect({ custom: Number(prepared?.custom_plans), generic: Number(prepared?.generic_plans) }).toEqual({ custom: 5, generic: 4 })
        const planWith = async (mode: string) => {
          await tx.execute(`set local plan_cache_mode = ${mode}`)
          const rows = await tx.execute<Array<{ 'QUERY PLAN': string }>>(`explain execute ${prepared?.name ?? ''}('%xyz%', 50)`)
          return rows.map((row) => row['QUERY PLAN']).join('\n')
        }
        return { chosen: await planWith('auto'), custom: await planWith('force_custom_plan'), generic: await planWith('force_generic_plan') }
      })
      expect(plans.chosen).toContain('client_name_trgm')
      expect(plans.custom).toContain('client_name_trgm')
      expect(plans.generic).toContain('client_name_trgm')
    } finally {
      await em.execute(`delete from client where email like 'settled-%'`)
    }
  })

  it('keeps emails unique in any case with an index on lower(email)', async () => {
    expect(await planOf(() => 'select id from client where lower(email) = ?', 'ana@example.com')).toContain('client_email_unique')
  })
})
