import type { AuditEntry, AuditExportQuery } from '@travel-crm/contracts'
import type { ReportDatabase } from './report-database.js'

const COLUMNS = `id::int as id, event_id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, entity, entity_id, action,
  actor_id, request_id, client_id, reason, changes`

/** The audit trail's filters as SQL: each uses one of the trail's indexes. */
function where (query: AuditExportQuery): { sql: string, values: unknown[] } {
  const conditions: string[] = []
  const values: unknown[] = []
  const add = (condition: string, value: unknown) => { conditions.push(condition); values.push(value) }
  if (query.entity !== undefined) add('entity = ?', query.entity)
  if (query.id !== undefined) add('entity_id = ?', query.id)
  if (query.actor !== undefined) add('actor_id = ?', query.actor)
  if (query.client !== undefined) add('client_id = ?', query.client)
  if (query.from !== undefined) add('at >= ?', query.from)
  if (query.to !== undefined) add('at < ?', query.to)
  let index = 0
  const sql = conditions.length === 0 ? '' : `where ${conditions.join(' and ')}`
  return { sql: sql.replace(/\?/g, () => `$${++index}`), values }
}

/** One page of the trail, newest first, and how many entries match in all. */
export async function auditPage (db: ReportDatabase, query: AuditExportQuery & { limit: number, offset: number }): Promise<{ rows: AuditEntry[], total: number }> {
  const { sql, values } = where(query)
  const [count] = await db.query<{ total: string }>(`select count(*) as total from audit_entry ${sql}`, values)
  const rows = await db.query<AuditEntry>(
    `select ${COLUMNS} from audit_entry ${sql} order by at desc, id desc limit $${values.length + 1} offset $${values.length + 2}`,
    [...values, query.limit, query.offset]
  )
  return { rows, total: Number(count?.total ?? 0) }
}

export const AUDIT_COLUMNS = ['id', 'at', 'entity', 'entity_id', 'action', 'actor_id', 'request_id', 'client_id', 'reason', 'changes'] as const

/** Every matching entry for the CSV, newest first, streamed; the changes as one JSON cell. */
export async function * auditRows (db: ReportDatabase, query: AuditExportQuery): AsyncGenerator<object[]> {
  const { sql, values } = where(query)
  for await (const batch of db.batches<AuditEntry>(`select ${COLUMNS} from audit_entry ${sql} order by at desc, id desc`, values)) {
    yield batch.map((entry) => ({ ...entry, changes: JSON.stringify(entry.changes) }))
  }
}
