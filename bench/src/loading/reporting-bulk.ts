import pg from 'pg'
import { serviceRoleName } from '@travel-crm/service-kit/data'
import { buildEnvelope, gatherFinalWrites, type EventDraft, type EventHandler } from '@travel-crm/service-kit/messaging'
// The bench is not a service: it may call reporting's projection code to load history the way reporting would.
import { projections as recordProjections } from '../../../services/reporting/src/events/projections.js'
import { moneyProjections } from '../../../services/reporting/src/margins/projections.js'
import { departureProjections } from '../../../services/reporting/src/departures/projections.js'

type EntityManager = Parameters<EventHandler>[0]

const projections = { ...recordProjections, ...moneyProjections, ...departureProjections }

const READ_MODELS = ['client', 'trip', 'traveller', 'booking', 'commission', 'invoice', 'payment', 'revenue_by_client', 'revenue_by_month', 'invoice_totals']

/** Rows per insert statement: under Postgres's 65,535 parameters for the widest read-model row. */
const ROWS_PER_STATEMENT = 2000

interface Statement { sql: string, values: unknown[] }

/**
 * Reporting's projection handlers, run against an entity manager that writes nothing itself: it answers the
 * handler's reads for a fresh load (no advisory lock to wait for, nothing removed) and keeps the upsert each
 * handler builds, so that many of them go to Postgres as one multi-row statement instead of one round trip each.
 */
class RecordingEntityManager {
  readonly statements: Statement[] = []

  async execute (sql: string, values: unknown[] = []): Promise<unknown[]> {
    const text = sql.trim()
    // A record's locks and the check that nothing it hangs off was removed, before a removal (`lock_record`).
    if (/^select lock_record\(/.test(text)) return []
    // The read models' change count: raised once per flush instead of once per event.
    if (/^update read_model_changes /.test(text)) return []
    // A record's upsert takes its locks and deletion check itself (`insert … select ?, … where not lock_record(…)`):
    // kept as the plain upsert of its row, whose values come before the lock's.
    const guarded = /^(insert into \w+ \(([^)]*)\)) select ([?, ]+) where not lock_record\([^)]*\)\s*([\s\S]*)$/.exec(text)
    if (guarded !== null) {
      const [, insert, columns, row, rest] = guarded as unknown as [string, string, string, string, string]
      this.statements.push({ sql: `${insert} values (${row}) ${rest}`, values: values.slice(0, columns.split(',').length) })
      return []
    }
    // A trip's pipeline start, merged into the row its insert just wrote: kept, and run after the inserts.
    if (/^insert into \w+ \(/.test(text) || /^update trip set created_status /.test(text)) {
      this.statements.push({ sql: text, values })
      return []
    }
    throw new Error(`the bulk path does not know this statement of reporting's projections: ${text.slice(0, 80)}`)
  }

  /**
   * The way in of a prepared statement (service-kit's `executePrepared`, which reporting's upserts are sent
   * with): a transaction's connection. Its `$1`… are numbered in order, so the text reads back as `execute`'s `?`.
   */
  getTransactionContext (): { client: { acquireConnection: () => Promise<PreparedSink>, releaseConnection: () => Promise<void> } } {
    const connection: PreparedSink = { query: async ({ text, values }) => ({ rows: await this.execute(text.replace(/\$\d+/g, '?'), values) }) }
    return { client: { acquireConnection: async () => connection, releaseConnection: async () => {} } }
  }

  /** What a failed prepared statement is converted by: the error stays as it is. */
  getDriver (): { convertException: (error: Error) => Error } {
    return { convertException: (error) => error }
  }
}

interface PreparedSink { query: (query: { text: string, values: unknown[] }) => Promise<{ rows: unknown[] }> }

/** `insert … values (?, …) on conflict …` for one row, as `$n` placeholders for `rows` rows. */
function multiRow (sql: string, columns: number, rows: number): string {
  const match = /^(insert into \w+ \([^)]*\)) values \([?, ]+\)([\s\S]*)$/.exec(sql)
  if (match === null) throw new Error(`unexpected upsert from reporting's projections: ${sql.slice(0, 80)}`)
  const tuples = Array.from({ length: rows }, (_, row) => `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(', ')})`)
  return `${match[1]} values ${tuples.join(', ')}${match[2]}`
}

async function flush (client: pg.Client, statements: Statement[]): Promise<void> {
  const bySql = new Map<string, unknown[][]>()
  for (const { sql, values } of statements) {
    const rows = bySql.get(sql) ?? []
    rows.push(values)
    bySql.set(sql, rows)
  }
  for (const [sql, rows] of bySql) {
    if (sql.startsWith('update ')) {
      let at = 0
      const numbered = sql.replace(/\?/g, () => `$${++at}`)
      for (const values of rows) await client.query(numbered, values)
      continue
    }
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT)
      await client.query(multiRow(sql, (chunk[0] as unknown[]).length, chunk.length), chunk.flat())
    }
  }
  // The reports' kept bodies and ETags follow the count: a load that did not move it would leave them standing.
  if (statements.length > 0) await client.query('update read_model_changes set changes = changes + 1 where id = 1')
}

/**
 * Loads history into reporting's read models through reporting's own projection handlers: each event is
 * enveloped as its service would publish it, checked against its payload schema and turned into the row and
 * upsert the consumer would write; the upserts run in batches as reporting's role (from a superuser URL), and reporting's own
 * triggers keep the report totals as they do for every row. Only for records nobody else writes (fresh ids):
 * the consumer's per-record locks and deletion checks are not needed there. Returns the events applied.
 */
export async function loadIntoReporting (
  databaseUrl: string,
  drafts: Iterable<EventDraft>,
  actorId: number,
  onProgress?: (applied: number) => void
): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query(`set role "${serviceRoleName(databaseUrl, 'reporting')}"`)
  await client.query('set search_path = reporting')
  const sink = { emit: async () => { throw new Error('reporting emits no events') } }
  let applied = 0
  try {
    let em = new RecordingEntityManager()
    // The writes a unit of work sends in its last statement (`beforeCommit`: the change count) are asked of the
    // recorder too, which knows them, before each flush.
    let closeFinalWrites = gatherFinalWrites(em as unknown as EntityManager)
    const flushRecorded = async (): Promise<void> => {
      for (const { sql, params } of closeFinalWrites()) await em.execute(sql, params)
      await flush(client, em.statements)
    }
    for (const draft of drafts) {
      const handler = projections[draft.subject]
      if (handler === undefined) throw new Error(`reporting has no projection for ${draft.subject}`)
      const envelope = buildEnvelope(draft.subject.split('.')[0] as string, draft, { actorId: String(actorId) })
      await handler(em as unknown as EntityManager, envelope, sink)
      applied += 1
      if (em.statements.length >= 20_000) {
        await flushRecorded()
        em = new RecordingEntityManager()
        closeFinalWrites = gatherFinalWrites(em as unknown as EntityManager)
        onProgress?.(applied)
      }
    }
    await flushRecorded()
    // Every payment rewrote its invoice and its client's totals: what a DBA does after a bulk load, and
    // autovacuum a little later, so that reports read a settled table rather than a million dead rows.
    for (const table of READ_MODELS) await client.query(`vacuum analyze ${table}`)
    return applied
  } finally {
    await client.end()
  }
}
