import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { createServiceEnvironment, type ServiceEnvironment } from '@travel-crm/testkit'
import { holdConnection } from '../src/data/held-connection.js'

async function backendPid (client: pg.PoolClient): Promise<number | undefined> {
  const { rows: [row] } = await client.query<{ pid: number }>('select pg_backend_pid() as pid')
  return row?.pid
}

describe('holdConnection', () => {
  let environment: ServiceEnvironment
  let pool: pg.Pool
  let admin: pg.Client

  beforeAll(async () => {
    environment = await createServiceEnvironment()
    pool = new pg.Pool({ connectionString: environment.databaseUrl, max: 1, application_name: 'held connection test' })
    admin = new pg.Client({ connectionString: environment.databaseUrl })
    await admin.connect()
  })

  afterAll(async () => {
    await admin?.end()
    await pool?.end()
    await environment?.cleanup()
  })

  it('survives its connection being dropped while held, and the pool then gives a working one', async () => {
    const held = await holdConnection(pool)
    const pid = await backendPid(held.client)
    // Between queries, as a webhook lane is while it posts or an export while the client reads: no query to fail.
    const dropped = new Promise<void>((resolve) => { held.client.once('error', () => { resolve() }) })
    await admin.query('select pg_terminate_backend($1)', [pid])
    await dropped
    expect(held.lost?.message).toMatch(/terminat/i)
    held.release()

    const next = await holdConnection(pool)
    try {
      expect(await backendPid(next.client)).not.toBe(pid)
      expect(next.lost).toBeUndefined()
    } finally {
      next.release()
    }
  })

  it('gives a sound connection back to the pool for reuse', async () => {
    const first = await holdConnection(pool)
    const pid = await backendPid(first.client)
    first.release()
    first.release()
    const second = await holdConnection(pool)
    try {
      expect(await backendPid(second.client)).toBe(pid)
    } finally {
      second.release()
    }
  })
})
