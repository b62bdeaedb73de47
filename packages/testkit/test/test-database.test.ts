import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, startPostgresServer, testInfrastructure, type TestDatabase } from '../src/index.js'

const { databaseUrl } = testInfrastructure()

async function query<T extends pg.QueryResultRow> (url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql, values)).rows
  } finally {
    await client.end()
  }
}

async function databaseExists (adminUrl: string, name: string): Promise<boolean> {
  return (await query(adminUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0
}

async function rolesNamed (adminUrl: string, names: string[]): Promise<string[]> {
  const rows = await query<{ rolname: string }>(adminUrl, 'SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1', [names])
  return rows.map((row) => row.rolname)
}

describe('createTestDatabase', () => {
  const made: TestDatabase[] = []
  const strayRoles: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((database) => database.drop()))
    for (const role of strayRoles.splice(0)) await query(databaseUrl, `DROP ROLE IF EXISTS "${role}"`)
  })

  it('creates a uniquely named database reachable through its URL', async () => {
    const [first, second] = await Promise.all([createTestDatabase(databaseUrl), createTestDatabase(databaseUrl)])
    made.push(first, second)

    expect(first.name).toMatch(/^tcrm_t_[0-9a-f]+$/)
    expect(first.name.length).toBeLessThanOrEqual(40)
    expect(second.name).not.toBe(first.name)
    const [row] = await query<{ db: string }>(first.url, 'SELECT current_database() AS db')
    expect(row?.db).toBe(first.name)
    expect(new URL(first.url).host).toBe(new URL(databaseUrl).host)
  })

  it('drop removes the database, despite open sessions, and the <name>_ roles that own objects in it', async () => {
    const database = await createTestDatabase(databaseUrl)
    made.push(database)
    const serviceRole = `${database.name}_crm`
    const otherRole = `${database.name}crm` // shares the name but not the `<name>_` prefix: not ours to drop
    strayRoles.push(otherRole)
    await query(databaseUrl, `CREATE ROLE "${serviceRole}" LOGIN`)
    await query(databaseUrl, `CREATE ROLE "${otherRole}"`)
    await query(database.url, `GRANT CONNECT, CREATE ON DATABASE "${database.name}" TO "${serviceRole}"`)
    await query(database.url, `CREATE SCHEMA crm AUTHORIZATION "${serviceRole}"`)
    await query(database.url, `CREATE TABLE crm.client (id int); ALTER TABLE crm.client OWNER TO "${serviceRole}"`)
    const lingering = new pg.Client({ connectionString: database.url, user: serviceRole })
    await lingering.connect()
    lingering.on('error', () => {}) // DROP DATABASE ... WITH (FORCE) ends this session

    await database.drop()

    expect(await databaseExists(databaseUrl, database.name)).toBe(false)
    expect(await rolesNamed(databaseUrl, [serviceRole, otherRole])).toEqual([otherRole])
    await expect(database.drop()).resolves.toBeUndefined()
    await lingering.end().catch(() => {})
  })

  // granting on the shared cluster's admin database would alter what we did not create: use a private one
  it('drop also removes roles still referenced from the admin database', async () => {
    const server = await startPostgresServer()
    try {
      const database = await createTestDatabase(server.url)
      const role = `${database.name}_billing`
      await query(server.url, `CREATE ROLE "${role}" LOGIN`)
      await query(server.url, `GRANT CONNECT ON DATABASE postgres TO "${role}"`)

      await database.drop()

      expect(await databaseExists(server.url, database.name)).toBe(false)
      expect(await rolesNamed(server.url, [role])).toEqual([])
    } finally {
      await server.destroy()
    }
  })
})
