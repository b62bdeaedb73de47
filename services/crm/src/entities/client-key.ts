import { defineEntity, type InferEntity } from '@mikro-orm/core'

const p = defineEntity.properties

/**
 * A key that seals a client's personal fields in crm's events (the kit's sealing.ts); erasing the client
 * deletes its keys. An entity so that the key responder reads one as the kit reads a record by id.
 */
export const ClientKey = defineEntity({
  name: 'ClientKey',
  tableName: 'client_key',
  properties: {
    keyId: p.string().length(32).primary(),
    clientId: p.integer(),
    key: p.text(),
    createdAt: p.datetime().columnType('timestamptz')
  }
})

export type ClientKey = InferEntity<typeof ClientKey>
