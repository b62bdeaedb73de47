import type { EntityManager } from '@mikro-orm/postgresql'
import type { EventHandler } from '@travel-crm/service-kit/messaging'
import type { ReportDatabase } from './report-database.js'

/** Raises the read models' change count, in the transaction that changes them. */
export async function countChange (em: EntityManager): Promise<void> {
  await em.execute('update read_model_changes set changes = changes + 1 where id = 1')
}

/** The handlers, each also counting its change: every event the read models take moves the count. */
export function countingChanges<Subject extends string> (handlers: Partial<Record<Subject, EventHandler>>): Partial<Record<Subject, EventHandler>> {
  const counted: Partial<Record<Subject, EventHandler>> = {}
  for (const [subject, handler] of Object.entries(handlers) as Array<[Subject, EventHandler | undefined]>) {
    if (handler === undefined) continue
    counted[subject] = async (em, event, events, stream) => {
      await handler(em, event, events, stream)
      await countChange(em)
    }
  }
  return counted
}

/** The committed change count; a report built after reading it holds every change it counts. */
export async function readModelChanges (db: ReportDatabase): Promise<string> {
  const [row] = await db.query<{ changes: string }>('select changes::text as changes from read_model_changes where id = 1')
  if (row === undefined) throw new Error('read_model_changes has no row')
  return row.changes
}
