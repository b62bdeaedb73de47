import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { startPostgresServer } from '../src/index.js'
import { isListening } from '../src/tcp-probe.js'

async function query (url: string, sql: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

describe('startPostgresServer', () => {
  it('starts, stops and starts again with its data on the same port', async () => {
    const server = await startPostgresServer()
    const endpoint = { host: '127.0.0.1', port: server.port }
    try {
      expect(server.port).not.toBe(5432)
      await query(server.url, 'CREATE TABLE payment (amount numeric); INSERT INTO payment VALUES (\'12.50\')')

      await server.stop()
      expect(await isListening(endpoint)).toBe(false)
      await server.start()

      expect(await query(server.url, 'SELECT amount FROM payment')).toEqual([{ amount: '12.50' }])
    } finally {
      await server.destroy()
    }
    expect(await isListening(endpoint)).toBe(false)
    await expect(server.start()).rejects.toThrow(/destroyed/)
  })
})
