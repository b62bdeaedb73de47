import type { EntityManager } from '@mikro-orm/postgresql'
import { executePrepared, preparedStatement } from '@travel-crm/service-kit/data'
import { beforeCommit, perTransaction, type EventHandler } from '@travel-crm/service-kit/messaging'
import type { ReportDatabase } from './report-database.js'

const COUNT_CHANGE = 'update read_model_changes set changes = changes + 1 where id = 1'

/** Raises the read models' change count, in the transaction that changes them (a rebuild's). */
export async function countChange (em: EntityManager): Promise<void> {
  await executePrepared(em, COUNT_CHANGE, [])
}

/**
 * A report tells only whether the count moved, and a transaction's changes become visible together, so once per
 * transaction is enough: a batch of events applied together updates the one row once instead of once per event.
 * Nothing in the transaction reads the count, so the update goes in the statement that ends it (`beforeCommit`,
 * with the inbox rows) instead of a round trip of its own; it commits or rolls back with the batch all the same.
 */
const countChangeOnce = perTransaction((em) => {
  beforeCommit(em, () => ({ sql: COUNT_CHANGE, params: [] }))
  // Something to remember the transaction by: a second call in it finds it and adds nothing.
  return true
})

/** The handlers, each also counting its change: every event the read models take moves the count. */
export function countingChanges<Subject extends string> (handlers: Partial<Record<Subject, EventHandler>>): Partial<Record<Subject, EventHandler>> {
  const counting: Partial<Record<Subject, EventHandler>> = {}
  for (const [subject, handler] of Object.entries(handlers) as Array<[Subject, EventHandler | undefined]>) {
    if (handler === undefined) continue
    counting[subject] = async (em, event, events, stream) => {
      await handler(em, event, events, stream)
      countChangeOnce(em)
    }
  }
  return counting
}

/** Every report and export asks for the count first: prepared, it is planned once per connection, not per request. */
const CHANGES = preparedStatement('select changes::text as changes from read_model_changes where id = 1')

/** The committed change count; a report built after reading it holds every change it counts. */
export async function readModelChanges (db: ReportDatabase): Promise<string> {
  const [row] = await db.query<{ changes: string }>(CHANGES)
  if (row === undefined) throw new Error('read_model_changes has no row')
  return row.changes
}

/**
 * What a report or export built now depends on: the read models' change count and the day it is judged on. Read
 * before the build, so a build is never older than its tag.
 */
export async function readModelTag (reading: { db: ReportDatabase, today: () => string }): Promise<{ tag: string, today: string }> {
  const today = reading.today()
  return { tag: `${await readModelChanges(reading.db)}-${today}`, today }
}
