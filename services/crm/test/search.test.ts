import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containing, given } from '../src/search.js'
import { startCrm, type CrmUnderTest } from './crm-under-test.js'

describe('containing', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(containing('ana')).toBe('%ana%')
    expect(containing('100%')).toBe('%100\\%%')
    expect(containing('a_b')).toBe('%a\\_b%')
    expect(containing('back\\slash')).toBe('%back\\\\slash%')
  })

  it('ignores blank filters', () => {
    expect(given(undefined)).toBeUndefined()
    expect(given('  ')).toBeUndefined()
    expect(given(' Ana ')).toBe('Ana')
  })
})

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
    expect(await planOf(`select id from client where ${column} ilike ?`, containing('ana'))).toContain(`client_${column}_trgm`)
  })

  it('serves a substring search on trip destination from a trigram index', async () => {
    expect(await planOf('select id from trip where destination ilike ?', containing('lis'))).toContain('trip_destination_trgm')
  })

  it('keeps emails unique in any case with an index on lower(email)', async () => {
    expect(await planOf('select id from client where lower(email) = ?', 'ana@example.com')).toContain('client_email_unique')
  })
})
