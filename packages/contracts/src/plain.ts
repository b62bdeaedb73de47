/**
 * The contracts' values that need no schema (money, languages), for code that must start quickly without
 * TypeBox and the schemas: billing's invoice renderer process (`@travel-crm/documents/renderer`) starts with
 * each run of invoices, and the whole package costs it 0.3 s to load.
 */
export * from './money.js'
export * from './language-codes.js'
