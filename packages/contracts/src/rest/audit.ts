// The audit trail's REST schemas (served by reporting, which reads every event).
import { Type, type Static } from 'typebox'
import { Id, LiteralUnion, Pagination, StrictObject, Timestamp } from '../schemas.js'

/** The kinds of record whose changes the audit trail keeps: every record an event of the catalogue describes. */
export const AUDITED_KINDS = ['user', 'client', 'note', 'trip', 'traveller', 'supplier', 'booking', 'invoice', 'payment', 'agency', 'endpoint'] as const

export const AuditQuery = StrictObject({
  entity: Type.Optional(LiteralUnion(AUDITED_KINDS, { description: 'the kind of record; with `id`, that record\'s history' })),
  id: Type.Optional(Id),
  actor: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'the user who made the changes' })),
  client: Type.Optional(Id),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  ...Pagination
}, { description: '`from` inclusive, `to` exclusive; newest first' })

export const AuditExportQuery = StrictObject({
  entity: AuditQuery.properties.entity,
  id: AuditQuery.properties.id,
  actor: AuditQuery.properties.actor,
  client: AuditQuery.properties.client,
  from: AuditQuery.properties.from,
  to: AuditQuery.properties.to
})

export const AuditFieldChange = Type.Object({
  field: Type.String(),
  from: Type.Unknown({ description: 'null when the record was created' }),
  to: Type.Unknown({ description: 'null when the record was deleted' }),
  personal: Type.Boolean({ description: 'a personal field (PERSONAL_FIELDS): its values are shown to admins only, and an erasure replaces them' })
})

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  event_id: Type.String({ format: 'uuid' }),
  at: Timestamp,
  entity: Type.String(),
  entity_id: Type.Integer(),
  action: Type.String({ examples: ['created', 'updated', 'deleted', 'erased'] }),
  actor_id: Type.Union([Type.Integer(), Type.Null()]),
  request_id: Type.Union([Type.String(), Type.Null()]),
  client_id: Type.Union([Type.Integer(), Type.Null()], { description: 'the client the record belongs to, when it belongs to one' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'why, when the change gave a reason (an erasure, a deleted payment)' }),
  changes: Type.Array(AuditFieldChange, { description: 'the fields that changed; a deletion gives the whole record as it was' })
})

export const AuditEntries = Type.Array(AuditEntry)

export type AuditQuery = Static<typeof AuditQuery>
export type AuditExportQuery = Static<typeof AuditExportQuery>
export type AuditEntry = Static<typeof AuditEntry>
export type AuditFieldChange = Static<typeof AuditFieldChange>
