/** Runs SQL on a service's own connection (its search_path is its schema): `app.orm.em.fork().execute`. */
export type RunSql = (sql: string) => Promise<Array<Record<string, unknown>>>

export interface FingerprintOptions {
  /**
   * Tables whose rows change by themselves after a request (the outbox relay marks rows sent): only their
   * number of rows counts, so a new event still shows.
   */
  countOnly?: readonly string[]
  /** Tables that a refused request may write on purpose (failed logins are counted to throttle guessing). */
  skip?: readonly string[]
}

/**
 * A digest of every row of every table in the service's schema: equal before and after a request means the
 * request changed nothing stored. The tables are looked up once, at the first call.
 */
export function schemaFingerprint (run: RunSql, options: FingerprintOptions = {}): () => Promise<Record<string, string>> {
  let query: Promise<string | undefined> | undefined
  const digestQuery = async (): Promise<string | undefined> => {
    const tables = (await run(`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`)).map((row) => String(row['name']))
    const digests = tables.filter((table) => !(options.skip ?? []).includes(table)).map((table) => ['outbox', ...(options.countOnly ?? [])].includes(table)
      ? `select '${table}' as name, count(*)::text as digest from "${table}"`
      : `select '${table}' as name, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${table}" t`)
    return digests.length === 0 ? undefined : digests.join(' union all ')
  }
  return async () => {
    query ??= digestQuery()
    const sql = await query
    if (sql === undefined) return {}
    const rows = await run(sql)
    return Object.fromEntries(rows.map((row) => [String(row['name']), String(row['digest'])]))
  }
}
