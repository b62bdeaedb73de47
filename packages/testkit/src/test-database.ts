import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface TestDatabase {
  name: string
  /** Same host and credentials as the admin URL, pointing at the new database. */
  url: string
  /** Drops the database and every role named `<name>_…`. Safe to call twice. */
  drop(): Promise<void>
}

const DATABASE_PREFIX = 'tcrm_t_'
// template1 is busy while another CREATE DATABASE copies it; parallel test files hit this now and then
const TEMPLATE_IN_USE = '55006'
const DEPENDENT_OBJECTS = '2BP01'

/**
 * Creates a database of its own for one test file. Services create login roles `<name>_<service>`; roles
 * are cluster-wide, so drop() removes them too, and nothing else.
 */
export async function createTestDatabase (adminUrl: string): Promise<TestDatabase> {
  const name = `${DATABASE_PREFIX}${randomBytes(8).toString('hex')}`
  await withClient(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quote(name)}`)
        return
      } catch (error) {
        if (sqlState(error) !== TEMPLATE_IN_USE || attempt >= 10) throw error
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
      }
    }
  })
  return { name, url: databaseUrl(adminUrl, name), drop: () => dropTestDatabase(adminUrl, name) }
}

async function dropTestDatabase (adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    // FORCE ends the sessions services and pools may still hold. Dropping the database also drops every
    // object in it and the roles' dependency records there, so the roles can go afterwards without
    // DROP OWNED inside it.
    await client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`)
    const { rows } = await client.query<{ rolname: string }>(
      'SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1) ORDER BY rolname',
      [`${name}_`]
    )
    for (const { rolname } of rows) {
      try {
        await client.query(`DROP ROLE IF EXISTS ${quote(rolname)}`)
      } catch (error) {
        if (sqlState(error) !== DEPENDENT_OBJECTS) throw error
        // Still referenced from the admin database (a grant on it, an object there): these belong to the
        // test's own role, so dropping them is ours to do. Elsewhere, the error names what is left.
        await client.query(`DROP OWNED BY ${quote(rolname)}`)
        await client.query(`DROP ROLE IF EXISTS ${quote(rolname)}`)
      }
    }
  })
}

async function withClient<T> (url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function databaseUrl (adminUrl: string, name: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

function quote (identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`
}

function sqlState (error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
}
