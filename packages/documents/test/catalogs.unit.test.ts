import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '@travel-crm/contracts'
import { DOCUMENT_CATALOGS } from '../src/index.js'

/** Every key of a nested catalog with its text: `invoice.title` → `Invoice`. */
function entries (catalog: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>()
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value)
    else for (const [inner, text] of entries(value as object, `${prefix}${key}.`)) found.set(inner, text)
  }
  return found
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort()

describe('the documents\' catalogs', () => {
  const english = entries(DOCUMENT_CATALOGS.en)

  it.each(LANGUAGES)('%s has every key of English, no other, each worded and with the same placeholders', (language) => {
    const catalog = entries(DOCUMENT_CATALOGS[language])
    expect([...catalog.keys()].sort()).toEqual([...english.keys()].sort())
    for (const [key, text] of catalog) {
      expect(text.trim(), `${language} ${key}`).not.toBe('')
      expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(english.get(key) ?? ''))
    }
  })
})
