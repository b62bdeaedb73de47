// The data layer: a service's own schema through MikroORM, its migrations, reads that page, audit columns.
export * from './audit.js'
export * from './database.js'
export * from './held-connection.js'
export * from './keyring.js'
export * from './layer.js'
export * from './orm.js'
export * from './reads.js'
export * from './search.js'
