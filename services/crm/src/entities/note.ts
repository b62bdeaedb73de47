import { defineEntity, type InferEntity } from '@mikro-orm/core'
import type { Note as NoteAnswer, NotePayload } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'

const p = defineEntity.properties

/** A note an agent wrote about a client; `created_by` and `created_at` say who wrote it and when. */
export const Note = defineEntity({
  name: 'Note',
  tableName: 'client_note',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer(),
    note: p.text(),
    ...auditProperties
  }
})

export type Note = InferEntity<typeof Note>

export function notePayload (note: Note): NotePayload {
  return { id: note.id, client_id: note.clientId, note: note.note, ...auditFields(note) }
}

/** A note as the API answers it: the event's fields and the original API's `timestamp`. */
export function noteAnswer (note: Note): NoteAnswer {
  const payload = notePayload(note)
  return { ...payload, timestamp: payload.created_at }
}
