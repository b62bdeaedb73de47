import type { EntityManager } from '@mikro-orm/postgresql'
import { executePrepared } from '@travel-crm/service-kit/data'

/** The kinds of record the read models hold; each is kept in the table of the same name. */
export type RecordKind = 'client' | 'note' | 'trip' | 'invoice' | 'payment' | 'booking' | 'commission' | 'traveller' | 'supplier'

export interface RecordRef {
  kind: RecordKind
  id: number
}

export type RecordRow = { id: number, version: number } & Record<string, unknown>

/**
 * What hangs off each kind of record, by the id column it carries. Payments go before invoices and trips
 * (the triggers count whichever goes first correctly, but this way each total is touched once).
 */
const DEPENDENTS: Record<RecordKind, ReadonlyArray<{ table: RecordKind, column: string, via?: { table: RecordKind, column: string } }>> = {
  client: [
    { table: 'payment', column: 'client_id' },
    // A booking names its trip only: it goes with the client's trips, before they do.
    { table: 'booking', column: 'trip_id', via: { table: 'trip', column: 'client_id' } },
    { table: 'traveller', column: 'trip_id', via: { table: 'trip', column: 'client_id' } },
    { table: 'invoice', column: 'client_id' },
    { table: 'trip', column: 'client_id' },
    { table: 'note', column: 'client_id' }
  ],
  trip: [
    { table: 'payment', column: 'trip_id' },
    { table: 'invoice', column: 'trip_id' },
    { table: 'booking', column: 'trip_id' },
    { table: 'traveller', column: 'trip_id' }
  ],
  invoice: [{ table: 'payment', column: 'invoice_id' }],
  note: [],
  payment: [],
  booking: [],
  commission: [],
  traveller: [],
  supplier: []
}

/**
 * Replicas apply events side by side: a record's own events take its lock, events of records under it share
 * their ancestors' locks, so a delete and a late change below it never interleave (the change either lands
 * first and is cascaded away, or sees the deletion). Ancestors are locked first, always in the same order.
 * `lock_record` takes the locks and then says whether the record or one of its ancestors was deleted: the
 * function reads that after the locks (a snapshot of its own), where the statement calling it reads an earlier
 * one. Its call and arguments, for a statement to take the locks in.
 */
function lockCall (record: RecordRef, ancestors: readonly RecordRef[]): { sql: string, params: unknown[] } {
  const each = ancestors.map(() => '?').join(', ')
  return {
    sql: `lock_record(array[${each}]::text[], array[${each}]::integer[], ?, ?)`,
    params: [...ancestors.map((ancestor) => ancestor.kind), ...ancestors.map((ancestor) => ancestor.id), record.kind, record.id]
  }
}

async function lock (em: EntityManager, record: RecordRef, ancestors: readonly RecordRef[]): Promise<boolean> {
  const call = lockCall(record, ancestors)
  const [row] = await em.execute<Array<{ removed: boolean }>>(`select ${call.sql} as removed`, call.params)
  return row?.removed === true
}

/**
 * Stores a record as an event describes it, unless it already holds a newer version (events overtake each
 * other between replicas) or it, or a record it hangs off, was deleted. One statement: the row is inserted only
 * when `lock_record`, called by it first, finds nothing deleted; the version is compared by the conflict clause,
 * which reads the row as last committed, not as the statement's earlier snapshot had it.
 */
export async function storeRecord (em: EntityManager, kind: RecordKind, row: RecordRow, ancestors: readonly RecordRef[]): Promise<void> {
  const columns = Object.keys(row)
  const changes = columns.filter((column) => column !== 'id').map((column) => `${column} = excluded.${column}`)
  const call = lockCall({ kind, id: row.id }, ancestors)
  // Prepared: one text per kind of record and number of ancestors, its values typed by the columns they fill.
  await executePrepared(em,
    `insert into ${kind} (${columns.join(', ')}) select ${columns.map(() => '?').join(', ')} where not ${call.sql}
     on conflict (id) do update set ${changes.join(', ')} where ${kind}.version < excluded.version`,
    [...Object.values(row), ...call.params]
  )
}

/** Deletes a record and everything that hangs off it, and remembers that it is gone. */
export async function removeRecord (em: EntityManager, record: RecordRef, version: number): Promise<void> {
  await lock(em, record, [])
  await em.execute('insert into removed (kind, id, version) values (?, ?, ?) on conflict (kind, id) do nothing', [record.kind, record.id, version])
  for (const dependent of DEPENDENTS[record.kind]) {
    const owner = dependent.via === undefined ? '?' : `any(select id from ${dependent.via.table} where ${dependent.via.column} = ?)`
    await em.execute(`delete from ${dependent.table} where ${dependent.column} = ${owner}`, [record.id])
  }
  await em.execute(`delete from ${record.kind} where id = ?`, [record.id])
}
