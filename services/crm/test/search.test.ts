import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containingPattern } from '@travel-crm/service-kit/data'
import { startCrm, type CrmUnderTest } from './crm-under-test.js'

describe('search indexes', () => {
  let crm: CrmUnderTest

  beforeAll(async () => { crm = await startCrm() })
  afterAll(async () => { await crm?.close() })

  /** The plan Postgres picks when it may not scan the whole table: proof an index can serve the query. */
  async function planOf (query: string, parameter: string): Promise<string> {
    return await crm.app.orm.em.fork().transactional(async (em) => {
      await em.execute('set local enable_seqscan = off')
      const rows = await em.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${query}`, [parameter])
      return rows.map((row) => row['QUERY PLAN']).join('\n')
    })
  }

  it.each(['name', 'email', 'phone', 'company'])('serves a substring search on client %s from a trigram index', async (column) => {
    expect(await planOf(`select id from client where ${column} ilike ?`, containingPattern('ana'))).toContain(`client_${column}_trgm`)
  })

  // What `containing` (src/substring-search.ts) asks for two characters, which pg_trgm cannot index.
  it.each([['client', 'name'], ['client', 'email'], ['client', 'company'], ['trip', 'destination']])(
    'serves a two-character search on %s %s from a bigram index', async (table, column) => {
      expect(await planOf(`select id from ${table} where ${column} ilike '%xu%' and bigrams(lower(${column})) @> bigrams(lower(?))`, 'Xu'))
        .toContain(`${table}_${column}_bigrams`)
    })

  it('takes the bigrams of text as it is, each once', async () => {
    const [row] = await crm.app.orm.em.fork().execute<Array<{ pairs: string[], none: string[] }>>(
      'select bigrams(\'Ødegård Xu\') as pairs, bigrams(\'X\') as none')
    expect(row?.pairs.sort()).toEqual(['Xu', 'd ', 'de', 'eg', 'gå', 'rd', 'år', ' X', 'Ød'].sort())
    expect(row?.none).toEqual([])
  })

  it('serves a substring search on trip destination from a trigram index', async () => {
    expect(await planOf('select id from trip where destination ilike ?', containingPattern('lis'))).toContain('trip_destination_trgm')
  })

  it('keeps emails unique in any case with an index on lower(email)', async () => {
    expect(await planOf('select id from client where lower(email) = ?', 'ana@example.com')).toContain('client_email_unique')
  })
})
