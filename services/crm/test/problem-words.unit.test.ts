import { describe, expect, it } from 'vitest'
import { missingProblemWords } from '@travel-crm/service-kit/http'
import { es } from '../src/problem-words/es.js'
import { sv } from '../src/problem-words/sv.js'
import { CRM_PROBLEMS } from '../src/problems.js'

describe('crm\'s problem catalogs', () => {
  it('word every problem in every language, with the values the English names', () => {
    expect(missingProblemWords(CRM_PROBLEMS, { sv, es })).toEqual([])
    expect(missingProblemWords(CRM_PROBLEMS, { sv: { ...sv, clientNotFound: 'Kund finns inte' }, es: {} })).toEqual(expect.arrayContaining([
      'sv CRM_CLIENT_NOT_FOUND: placeholders differ from "Client %s not found"', 'es CRM_CLIENT_NOT_FOUND: no words'
    ]))
  })
})
