import pg from 'pg'

export interface ServiceDatabase {
  /** URL the service connects with: its own role, its own schema first on the search path. */
  url: string
  schema: string
}

function withDatabase (url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export function databaseName (url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres'
}

function quoteIdent (name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

function quoteLiteral (value: string): string {
  return `'${value.replace(/'/g, '\'\'')}'`
}

async function withClient<T> (url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Creates the database named by the URL if it does not exist; several processes may race to do it. */
export async function ensureDatabase (adminUrl: string): Promise<void> {
  const name = databaseName(adminUrl)
  await withClient(withDatabase(adminUrl, 'postgres'), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (found.rowCount !== 0) return
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`)
    } catch (error) {
      // 42P04 duplicate_database, 23505 unique_violation: another process created it first.
      const code = (error as { code?: string }).code
      if (code !== '42P04' && code !== '23505') throw error
    }
  })
}

/** Role names are cluster-wide, so they carry the database name: two databases never share a service role. */
export function serviceRoleName (adminUrl: string, service: string): string {
  return `${databaseName(adminUrl)}_${service}`.slice(0, 63)
}

/** A client of the database the URL names, creating the database first only when it does not exist yet. */
async function withDatabaseClient<T> (adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  try {
    return await withClient(adminUrl, work)
  } catch (error) {
    // 3D000 invalid_catalog_name: the database is not there yet (a first start). Looking first, from the
    // `postgres` database, cost every start a connection more.
    if ((error as { code?: string }).code !== '3D000') throw error
  }
  await ensureDatabase(adminUrl)
  return await withClient(adminUrl, work)
}

/**
 * Gives a service its own schema and a login role that owns it and can touch nothing else: no other
 * service's schema, no `public`. Idempotent, and serialised by an advisory lock so that replicas starting at
 * once do not trip over each other. One transaction: one commit to wait for instead of one per statement,
 * while the other services starting at the same moment queue on the lock.
 */
export async function provisionServiceSchema (
  adminUrl: string,
  service: string,
  rolePassword: string,
  extensions: readonly string[] = []
): Promise<ServiceDatabase> {
  const role = serviceRoleName(adminUrl, service)
  const database = databaseName(adminUrl)
  await withDatabaseClient(adminUrl, async (client) => {
    await client.query('BEGIN')
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['travel-crm:provision'])
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])
      const verb = exists.rowCount === 0 ? 'CREATE' : 'ALTER'
      await client.query(`${verb} ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(rolePassword)}`)
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(service)} AUTHORIZATION ${quoteIdent(role)}`)
      await client.query(`ALTER SCHEMA ${quoteIdent(service)} OWNER TO ${quoteIdent(role)}`)
      await client.query(`ALTER ROLE ${quoteIdent(role)} IN DATABASE ${quoteIdent(database)} SET search_path = ${quoteIdent(service)}`)
      await client.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`)
      await client.query(`REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`)
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(database)} TO ${quoteIdent(role)}`)
      // Extensions (pg_trgm for search) need a superuser, so they are created here, in the service's schema.
      for (const extension of extensions) {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(extension)} WITH SCHEMA ${quoteIdent(service)}`)
      }
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    }
  })
  const url = new URL(adminUrl)
  url.username = encodeURIComponent(role)
  url.password = encodeURIComponent(rolePassword)
  return { url: url.toString(), schema: service }
}
