import pg from 'pg'

/**
 * Runs one statement as the URL's role: what a service's own role may read, or what a service of a running
 * stack has stored. A connection per call: these are checks, not workloads.
 */
export async function runSql<Row extends object = Record<string, unknown>> (url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return (await client.query<Row>(text, values)).rows
  } finally {
    await client.end()
  }
}
