/*
 * The package root gives only what committed migrations import: their text never changes once applied (a test
 * holds their checksums), so they keep importing `Migration` from here. Everything else comes from a layer:
 * `@travel-crm/service-kit/http`, `/data` or `/messaging`.
 */
export { Migration } from './data/orm.js'
