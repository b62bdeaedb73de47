import { describe, expect, it } from 'vitest'
import { missingProblemWords } from '@travel-crm/service-kit/http'
import { es } from '../src/problem-words/es.js'
import { sv } from '../src/problem-words/sv.js'
import { BILLING_PROBLEMS } from '../src/problems.js'

describe('billing\'s problem catalogs', () => {
  it('word every problem in every language, with the values the English names', () => {
    expect(missingProblemWords(BILLING_PROBLEMS, { sv, es })).toEqual([])
    expect(missingProblemWords(BILLING_PROBLEMS, { sv: { ...sv, invoiceNotFound: 'Faktura finns inte' }, es: {} })).toEqual(expect.arrayContaining([
      'sv BILLING_INVOICE_NOT_FOUND: placeholders differ from "Invoice %s not found"', 'es BILLING_INVOICE_NOT_FOUND: no words'
    ]))
  })
})
