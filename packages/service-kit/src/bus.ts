/*
 * The bus without the rest of the messaging layer: a NATS connection with its stream, and the replica of the
 * accounts' standing. For a process without a database (the gateway): `@travel-crm/service-kit/messaging`
 * brings the data layer with its layer, and with it MikroORM and knex, about 12 MB of a process never used.
 */
export * from './messaging/nats.js'
export * from './messaging/account-standing.js'
