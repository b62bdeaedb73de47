import { describe, expect, it } from 'vitest'
import { missingProblemWords } from '@travel-crm/service-kit/http'
import { es } from '../src/problem-words/es.js'
import { sv } from '../src/problem-words/sv.js'
import { AUTH_PROBLEMS } from '../src/problems.js'

describe('auth\'s problem catalogs', () => {
  it('word every problem in every language, with the values the English names', () => {
    expect(missingProblemWords(AUTH_PROBLEMS, { sv, es })).toEqual([])
  })
})
