import type { EntityManager } from '@mikro-orm/postgresql'
import { erasedEvent, erasedRecord, type ClientErasedPayload, type CloudEvent } from '@travel-crm/contracts'

/** The kind of record a remembered answer is about, from where it said the record lives (`/trips/5/travellers/9`). */
const LOCATION = /^\/(?:[a-z-]+\/\d+\/)?(clients|notes|trips|travellers)\/(\d+)$/
const KIND_OF_COLLECTION: Record<string, string> = { clients: 'client', notes: 'note', trips: 'trip', travellers: 'traveller' }

/**
 * Replaces the erased records' personal fields in what every service keeps besides its own tables: the events
 * in its outbox (published ones stay a while for inspection), its dead letters and the answers it remembers
 * for idempotent POSTs. Runs in the transaction that applies the erasure.
 */
export async function eraseFromKeptMessages (em: EntityManager, erasure: ClientErasedPayload): Promise<void> {
  const outbox = await em.execute<Array<{ id: string, envelope: CloudEvent }>>(
    'select id, envelope from outbox where subject like \'crm.%\''
  )
  for (const row of outbox) {
    const erased = erasedEvent(erasure, row.envelope)
    if (erased !== undefined) await em.execute('update outbox set envelope = ?::jsonb where id = ?', [JSON.stringify(erased), row.id])
  }

  const deadLetters = await em.execute<Array<{ id: string, payload: string }>>('select id, payload from dead_letter where subject like \'crm.%\'')
  for (const row of deadLetters) {
    let event: CloudEvent
    try { event = JSON.parse(row.payload) as CloudEvent } catch { continue }
    const erased = erasedEvent(erasure, event)
    if (erased !== undefined) await em.execute('update dead_letter set payload = ? where id = ?', [JSON.stringify(erased), row.id])
  }

  const answers = await em.execute<Array<{ key: string, response_body: string | null, location: string | null }>>(
    'select key, response_body, response_headers->>\'location\' as location from idempotency_key where response_body is not null and response_headers->>\'location\' is not null'
  )
  for (const row of answers) {
    const match = LOCATION.exec(row.location ?? '')
    if (match === null || row.response_body === null) continue
    const kind = KIND_OF_COLLECTION[match[1] ?? ''] ?? ''
    let body: unknown
    try { body = JSON.parse(row.response_body) } catch { continue }
    const erased = erasedRecord(erasure, kind, body)
    if (erased !== body) await em.execute('update idempotency_key set response_body = ? where key = ?', [JSON.stringify(erased), row.key])
  }
}
