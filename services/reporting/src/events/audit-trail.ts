import type { EntityManager } from '@mikro-orm/postgresql'
import { Value } from 'typebox/value'
import {
  ClientErasedPayload, EVENT_SUBJECTS, erasedRecord, isErased, isPersonalField, isWebhookOnly, kindOfSubject,
  type AuditFieldChange, type CloudEvent
} from '@travel-crm/contracts'
import { executePrepared } from '@travel-crm/service-kit/data'
import { beforeCommit, perTransaction, type EventHandler, type Statement } from '@travel-crm/service-kit/messaging'

type Fields = Record<string, unknown>

/** Bookkeeping every record carries: the entry's own columns already say who and when. */
const NOT_CHANGES = new Set(['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'version'])

/** The fields that differ between what a record was (`undefined` before it existed) and what it is now (`undefined` once deleted). */
export function fieldChanges (kind: string, before: Fields | undefined, after: Fields | undefined): AuditFieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((field) => !NOT_CHANGES.has(field))
  return fields.flatMap((field) => {
    const from = before?.[field] ?? null
    const to = after?.[field] ?? null
    return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ field, from, to, personal: isPersonalField(kind, field) }]
  })
}

function actorOf (event: CloudEvent): number | null {
  const actor = Number(event.actorid)
  return Number.isSafeInteger(actor) && actor > 0 ? actor : null
}

function integerOr (value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null
}

/** The client a record belongs to: a traveller's or a booking's is its trip's (a traveller's own `client_id` says who they are). */
async function clientOf (em: EntityManager, kind: string, id: number, data: Fields): Promise<number | null> {
  if (kind === 'client') return id
  if (kind === 'traveller' || kind === 'booking') {
    const [trip] = await em.execute<Array<{ client_id: number | null }>>(
      'select client_id from audit_record where entity = \'trip\' and entity_id = ?', [integerOr(data['trip_id']) ?? 0]
    )
    return trip?.client_id ?? integerOr(data['client_id'])
  }
  return integerOr(data['client_id'])
}

interface Entry { entity: string, entityId: number, action: string, clientId: number | null, reason: string | null, changes: AuditFieldChange[] }

type Pending = Entry & { event: CloudEvent }

/** The entries as one insert, in the order their events were applied (the trail's ids follow it). */
function entriesInsert (entries: readonly Pending[]): Statement {
  return {
    sql: `insert into audit_entry (event_id, at, entity, entity_id, action, actor_id, request_id, client_id, reason, changes)
      values ${entries.map(() => '(?::uuid, ?::timestamptz, ?, ?::int, ?, ?::int, ?, ?::int, ?, ?::jsonb)').join(', ')} on conflict (event_id) do nothing`,
    params: entries.flatMap(({ event, ...entry }) => [
      event.id, event.time, entry.entity, entry.entityId, entry.action, actorOf(event), event.requestid ?? null, entry.clientId, entry.reason,
      JSON.stringify(entry.changes)
    ])
  }
}

/**
 * The entries of a transaction's events, not yet written: they go together in the statement that ends it
 * (`beforeCommit`), one round trip fewer per event. Nothing the trail does later in the transaction reads them,
 * but an erasure, which rewrites the entries of the records it names (`writePending` first).
 */
const pendingEntries = perTransaction((em) => {
  const pending: Pending[] = []
  beforeCommit(em, () => pending.length === 0 ? undefined : entriesInsert(pending.splice(0)))
  return pending
})

async function writePending (em: EntityManager): Promise<void> {
  const pending = pendingEntries(em).splice(0)
  if (pending.length === 0) return
  const { sql, params } = entriesInsert(pending)
  await em.execute(sql, params)
}

/**
 * Keeps the record as the event gives it (or forgets it, once deleted) and returns what the trail held before, in
 * one statement (prepared: every event runs it): every part of a statement reads the same snapshot, so `known` is
 * the record before the write.
 * Undefined when the trail has this event's entry already (an event the trail's former consumer applied, met
 * again by the one that took it over, or a replay): the record is left as it is and no entry is made.
 */
async function keepRecord (em: EntityManager, event: CloudEvent, kind: string, id: number, clientId: number | null, data: Fields, deleted: boolean): Promise<{ known: Fields | undefined } | undefined> {
  const write = deleted
    ? 'delete from audit_record where entity = ? and entity_id = ? and not exists (select from entered)'
    : `insert into audit_record (entity, entity_id, client_id, record) select ?, ?, ?, ?::jsonb where not exists (select from entered)
       on conflict (entity, entity_id) do update set client_id = excluded.client_id, record = excluded.record`
  const [row] = await executePrepared<{ entered: boolean, record: Fields | null }>(em,
    `with entered as (select from audit_entry where event_id = ?),
      known as (select record from audit_record where entity = ? and entity_id = ?),
      kept as (${write})
     select exists (select from entered) as entered, (select record from known) as record`,
    [event.id, kind, id, ...(deleted ? [kind, id] : [kind, id, clientId, JSON.stringify(data)])]
  )
  return row?.entered === true ? undefined : { known: row?.record ?? undefined }
}

/** A change to a record: what it changed against the record as the trail last saw it. */
const recordChanged: EventHandler = async (em, event) => {
  const data = event.data as Fields
  const id = integerOr(data['id'])
  if (id === null) throw new Error(`${event.type} ${event.id} names no record id`)
  const kind = kindOfSubject(event.type)
  const action = event.type.slice(event.type.lastIndexOf('.') + 1)
  const deleted = action === 'deleted'
  const clientId = await clientOf(em, kind, id, data)
  const kept = await keepRecord(em, event, kind, id, clientId, data, deleted)
  if (kept === undefined) return
  const { known } = kept
  // A deleted payment says why in `deletion_reason` (billing.payment.deleted); other events may give `reason`.
  const given = data['deletion_reason'] ?? data['reason']
  const reason = typeof given === 'string' ? given : null
  // A deletion gives the whole record as it was, so that a deleted payment can be read in full afterwards.
  const changes = deleted ? fieldChanges(kind, data, undefined) : fieldChanges(kind, known, data)
  pendingEntries(em).push({ event, entity: kind, entityId: id, action, clientId, reason, changes })
}

const ERASED_KINDS = ['client', 'note', 'trip', 'traveller'] as const

/**
 * An erasure: the trail keeps that it happened, who did it and why, and forgets the personal values of the
 * records it names, in every entry and in the records it keeps to compare against.
 */
const clientErased: EventHandler = async (em, event) => {
  if (!Value.Check(ClientErasedPayload, event.data)) throw new Error(`${event.type} ${event.id} does not carry an erasure`)
  const erasure = event.data
  await writePending(em)
  const named = ERASED_KINDS.flatMap((kind) => {
    const ids = kind === 'client' ? [erasure.client_id] : kind === 'note' ? erasure.note_ids : kind === 'trip' ? erasure.trip_ids : erasure.traveller_ids
    return ids.map((id) => [kind, id] as const)
  })
  if (named.length > 0) {
    const pairs = named.map(() => '(?, ?)').join(', ')
    const keys = named.flatMap(([kind, id]) => [kind, id])
    const entries = await em.execute<Array<{ id: string, entity: string, entity_id: number, changes: AuditFieldChange[] }>>(
      `select id, entity, entity_id, changes from audit_entry where (entity, entity_id) in (${pairs})`, keys
    )
    for (const entry of entries) {
      if (!isErased(erasure, entry.entity, entry.entity_id)) continue
      const kept = entry.changes.filter((change) => !change.personal)
      if (kept.length !== entry.changes.length) await em.execute('update audit_entry set changes = ?::jsonb where id = ?', [JSON.stringify(kept), entry.id])
    }
    const records = await em.execute<Array<{ entity: string, entity_id: number, record: Fields }>>(
      `select entity, entity_id, record from audit_record where (entity, entity_id) in (${pairs})`, keys
    )
    for (const row of records) {
      await em.execute('update audit_record set record = ?::jsonb where entity = ? and entity_id = ?',
        [JSON.stringify(erasedRecord(erasure, row.entity, row.record)), row.entity, row.entity_id])
    }
  }
  pendingEntries(em).push({ event, entity: 'client', entityId: erasure.client_id, action: 'erased', clientId: erasure.client_id, reason: erasure.reason, changes: [] })
}

/** Every event of the stream makes an entry; an erasure also forgets what the trail held of the records it names. */
export const auditTrail: Partial<Record<string, EventHandler>> = {
  ...Object.fromEntries(EVENT_SUBJECTS.filter((subject) => !isWebhookOnly(subject)).map((subject) => [subject, recordChanged])),
  'crm.client.erased': clientErased
}
