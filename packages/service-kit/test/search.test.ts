import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@travel-crm/testkit'
import { containingPattern, searchTerm } from '../src/data/index.js'

describe('containingPattern', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(containingPattern('ana')).toBe('%ana%')
    expect(containingPattern('100%')).toBe('%100\\%%')
    expect(containingPattern('a_b')).toBe('%a\\_b%')
    expect(containingPattern('back\\slash')).toBe('%back\\\\slash%')
  })

  describe('in PostgreSQL', () => {
    let database: TestDatabase
    let client: pg.Client

    beforeAll(async () => {
      database = await createTestDatabase(testInfrastructure().databaseUrl)
      client = new pg.Client({ connectionString: database.url })
      await client.connect()
    })

    afterAll(async () => {
      await client?.end()
      await database?.drop()
    })

    async function matches (text: string, part: string): Promise<boolean> {
      const { rows } = await client.query<{ matches: boolean }>('select $1::text ilike $2 as matches', [text, containingPattern(part)])
      return rows[0]?.matches === true
    }

    it('matches what a user typed literally, in any case, anywhere in the text', async () => {
      expect(await matches('Ana Lima', 'LIM')).toBe(true)
      expect(await matches('Discount 100% off', '100%')).toBe(true)
      expect(await matches('Discount 1000 off', '100%')).toBe(false)
      expect(await matches('a_b', 'a_b')).toBe(true)
      expect(await matches('axb', 'a_b')).toBe(false)
      expect(await matches('C:\\trips', ':\\t')).toBe(true)
      expect(await matches('C:trips', ':\\t')).toBe(false)
    })
  })
})

describe('searchTerm', () => {
  it('trims a filter and ignores a blank one', () => {
    expect(searchTerm(undefined)).toBeUndefined()
    expect(searchTerm('')).toBeUndefined()
    expect(searchTerm('  ')).toBeUndefined()
    expect(searchTerm(' Ana ')).toBe('Ana')
  })
})
