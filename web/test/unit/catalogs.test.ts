import { describe, expect, it } from 'vitest'
import { BOOKING_STATUSES as CONTRACT_BOOKING_STATUSES, COMMISSION_STATUSES as CONTRACT_COMMISSION_STATUSES, INVOICE_STATUSES as CONTRACT_STATUSES, ROLES, SUPPLIER_KINDS as CONTRACT_KINDS } from '@travel-crm/contracts'
import { CATALOGS } from '../../src/i18n/index.js'
import type { Catalog } from '../../src/i18n/en.js'
import { COMMISSION_STATUSES, INVOICE_STATUSES } from '../../src/invoice-statuses.js'
import { BOOKING_STATUSES, SUPPLIER_KINDS } from '../../src/crm-lists.js'

const PLURAL = /_(zero|one|two|few|many|other)$/

function keysOf (catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) => typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`))
}

/** A key as the code asks for it: plural forms count as their base key. */
function baseKeys (catalog: Catalog): Set<string> {
  return new Set(keysOf(catalog).map((key) => key.replace(PLURAL, '')))
}

describe('the message catalogs', () => {
  const english = baseKeys(CATALOGS.en)

  for (const [language, catalog] of Object.entries(CATALOGS)) {
    it(`${language} has every key English has, and no other`, () => {
      const keys = baseKeys(catalog)
      expect([...english].filter((key) => !keys.has(key)), `missing in ${language}`).toEqual([])
      expect([...keys].filter((key) => !english.has(key)), `only in ${language}`).toEqual([])
    })

    it(`${language} has every plural form its language needs`, () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories
      const plurals = new Set(keysOf(catalog).filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')))
      const all = new Set(keysOf(catalog))
      for (const base of plurals) {
        for (const category of categories) expect(all.has(`${base}_${category}`), `${language}: ${base}_${category}`).toBe(true)
      }
    })

    it(`${language} names every role and invoice status`, () => {
      const all = new Set(keysOf(catalog))
      for (const role of ROLES) expect(all.has(`roles.${role}`), role).toBe(true)
      for (const status of CONTRACT_STATUSES) expect(all.has(`status.${status}`), status).toBe(true)
      for (const status of CONTRACT_COMMISSION_STATUSES) expect(all.has(`commissionStatus.${status}`), status).toBe(true)
    })
  }

  it('the app\'s invoice statuses are the contract\'s', () => {
    expect([...INVOICE_STATUSES]).toEqual([...CONTRACT_STATUSES])
    expect([...COMMISSION_STATUSES]).toEqual([...CONTRACT_COMMISSION_STATUSES])
    expect([...SUPPLIER_KINDS]).toEqual([...CONTRACT_KINDS])
    expect([...BOOKING_STATUSES]).toEqual([...CONTRACT_BOOKING_STATUSES])
  })
})
