import type { MikroORM } from '@mikro-orm/postgresql'
import pg from 'pg'
import Cursor from 'pg-cursor'
import { holdConnection, type PreparedStatement } from '@travel-crm/service-kit/data'
import type { Exports } from './exports.js'

const DATE_OID = 1082
/** Rows fetched per round trip while an export streams: enough to keep the socket busy, little memory. */
const CURSOR_BATCH = 500
/** Reads for the reports: plain SQL on the service's own role, and cursors for exports. */
export interface ReportDatabase {
  /** A statement that every request runs is best given prepared (`preparedStatement`): Postgres then plans it once per connection. */
  query: <Row>(text: string | PreparedStatement, values?: readonly unknown[]) => Promise<Row[]>
  /** Rows of one query in batches as they come off a server-side cursor: memory stays flat however many there are. */
  batches: <Row>(text: string, values?: readonly unknown[]) => AsyncGenerator<Row[]>
  /** A query of one text column, each batch's values joined: the records of a CSV that Postgres writes. */
  texts: (text: string, values?: readonly unknown[]) => AsyncGenerator<string>
  close: () => Promise<void>
}

/** Calendar dates stay `YYYY-MM-DD` text instead of becoming a midnight in the process's time zone. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser
}

/** What the report routes read from, and the day against which they judge what is overdue. */
export interface Reporting {
  db: ReportDatabase
  /** Today in UTC, `YYYY-MM-DD`. */
  today: () => string
  /** How every export is sent, within the process's streams. */
  exports: Exports
}

export interface PoolSizes {
  /** Connections for the JSON reports: `DB_POOL_MAX`, as the ORM's own pool. */
  reports: number
  /** Exports read at once, each holding one connection while it is read: `REPORTING_EXPORT_CONNECTIONS`. */
  exports: number
}

/**
 * What an export reads on the connection it holds: its chunks, and how to end the read (close its cursor).
 */
interface ExportRead<Chunk> { chunks: AsyncGenerator<Chunk>, end: () => Promise<void> }

/**
 * Yields an export's chunks on a connection of the export pool, held until the last is taken. The read is
 * ended also when it was abandoned halfway, before the connection is reused; a connection on which
 * the read or its end failed is dropped rather than given back.
 */
async function * onExportConnection<Chunk> (pool: pg.Pool, read: (client: pg.PoolClient) => ExportRead<Chunk>): AsyncGenerator<Chunk> {
  const held = await holdConnection(pool)
  let broken = false
  const { chunks, end } = read(held.client)
  try {
    yield* chunks
  } catch (error) {
    broken = true
    throw error
  } finally {
    await end().catch(() => { broken = true })
    held.release(broken)
  }
}

/**
 * Opens two pools on the URL and schema the service's ORM uses: one for the JSON reports, and one for exports,
 * which hold their connection for the whole read of a large export, so that a few exports can never starve the
 * reports or the event consumer.
 */
export function openReportDatabase (orm: MikroORM, sizes: PoolSizes): ReportDatabase {
  const schema = orm.config.get('schema') ?? 'reporting'
  const options = {
    connectionString: orm.config.get('clientUrl'),
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    types
  }
  const reports = new pg.Pool({ ...options, max: sizes.reports })
  const exports = new pg.Pool({ ...options, max: sizes.exports })
  // A database restart ends the idle connections; the pool drops them and connects anew, but its 'error' event
  // with nobody listening would end the whole process.
  for (const pool of [reports, exports]) pool.on('error', () => undefined)

  return {
    query: async <Row>(text: string | PreparedStatement, values: readonly unknown[] = []) => {
      const result = typeof text === 'string'
        ? await reports.query(text, [...values])
        : await reports.query({ name: text.name, text: text.text, values: [...values] })
      return result.rows as Row[]
    },
    batches: <Row>(text: string, values: readonly unknown[] = []) => onExportConnection(exports, (client) => {
      const cursor = client.query(new Cursor<Row>(text, values))
      return {
        chunks: (async function * () {
          for (;;) {
            const batch = await cursor.read(CURSOR_BATCH)
            if (batch.length === 0) return
            yield batch
          }
        })(),
        end: async () => { await cursor.close() }
      }
    }),
    texts: (text: string, values: readonly unknown[] = []) => onExportConnection(exports, (client) => ({
      chunks: (async function * () {
        await client.query('begin read only')
        // An SQL cursor, not a portal of the protocol as in `batches`: Postgres plans it for its first rows
        // (cursor_tuple_fraction), so a merge of sorted indexes streams where the cheapest plan for all rows
        // sorts them all, on disk, before the first is sent.
        await client.query(`declare export no scroll cursor for ${text}`, [...values])
        for (;;) {
          // Rows as arrays: no object per row, whose making would cost more than the joining.
          const { rows } = await client.query<[string]>({ text: `fetch ${CURSOR_BATCH} from export`, rowMode: 'array' })
          if (rows.length === 0) return
          let joined = ''
          for (const [value] of rows) joined += value
          yield joined
        }
      })(),
      // Ends the cursor too.
      end: async () => { await client.query('rollback') }
    })),
    close: async () => {
      await Promise.all([reports.end(), exports.end()])
    }
  }
}

/**
 * A report's whole response body, written by Postgres as JSON text in a column `body`, to be sent as it is:
 * parsing a megabyte of it into objects here only for Fastify to serialise them again cost more than the query.
 * The query casts the body to `text`, since node-postgres would parse a `json` column.
 */
export async function jsonBody (db: ReportDatabase, text: string, values: readonly unknown[] = []): Promise<string> {
  const [row] = await db.query<{ body: unknown }>(text, values)
  if (typeof row?.body !== 'string') throw new Error('a report query returned no JSON text')
  return row.body
}
