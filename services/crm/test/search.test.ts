import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containingPattern } from '@travel-crm/service-kit'
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

  it('serves a substring search on trip destination from a trigram index', async () => {
    expect(await planOf('select id from trip where destination ilike ?', containingPattern('lis'))).toContain('trip_destination_trgm')
  })

  it('keeps emails unique in any case with an index on lower(email)', async () => {
    expect(await planOf('select id from client where lower(email) = ?', 'ana@example.com')).toContain('client_email_unique')
  })
})
