import { defineEntity, type InferEntity } from '@mikro-orm/core'
import type { ClientPayload } from '@travel-crm/contracts'
import { auditFields, auditProperties } from '@travel-crm/service-kit/data'

const p = defineEntity.properties

export const Client = defineEntity({
  name: 'Client',
  tableName: 'client',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(100),
    email: p.string().length(254),
    phone: p.string().length(30),
    company: p.string().length(100).nullable(),
    archivedAt: p.datetime().columnType('timestamptz').nullable(),
    ...auditProperties
  }
})

export type Client = InferEntity<typeof Client>

export function clientPayload (client: Client): ClientPayload {
  return {
    id: client.id,
    name: client.name,
    email: client.email,
    phone: client.phone,
    company: client.company ?? null,
    archived_at: client.archivedAt?.toISOString() ?? null,
    ...auditFields(client)
  }
}
