import pg from 'pg'

/**
 * What autovacuum does to tables after a load, done at once: `VACUUM ANALYZE` of the whole database (as a
 * superuser), as a restore does with `vacuumdb --analyze`. Data made through the API lands in tables that were
 * created empty; until a vacuum or analyze has seen them, Postgres guesses their size from the widths of their
 * columns (crm's 2,000 clients looked like 238) and has its GIN indexes' pending lists to price in, and plans on
 * that. A server with autovacuum on (every deployment's default) vacuums and analyzes such a table within its
 * minute's round (measured: 67 s after 2,000 clients); a server with it off never does. Doing it here, on every
 * server, measures what production reads, the same on either. The results record the server's `autovacuum`
 * setting (`describeServers`).
 */
export async function settleTables (databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('vacuum analyze')
  } finally {
    await client.end()
  }
}
