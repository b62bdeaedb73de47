import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '@travel-crm/contracts'
import { KIT_PROBLEM_CATALOGS, problemText, templateOf } from '../src/http/problem-language.js'

const placeholders = (text: string) => [...text.matchAll(/\{\{(\d+)\}\}/g)].map((match) => match[1]).sort()

describe('the kit\'s problem catalogs', () => {
  it.each(LANGUAGES)('%s words every title and kit problem English has, with the same placeholders', (language) => {
    const catalog = KIT_PROBLEM_CATALOGS[language]
    for (const part of ['titles', 'problems'] as const) {
      const english = KIT_PROBLEM_CATALOGS.en[part] as Record<string, string>
      const words = catalog[part] as Record<string, string>
      expect(Object.keys(words).sort(), `${language} ${part}`).toEqual(Object.keys(english).sort())
      for (const [key, text] of Object.entries(words)) expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(english[key] ?? ''))
    }
  })

  it('words a problem in the language asked, keeping the English where the catalogs have no words', () => {
    expect(templateOf('The amount %s is less than the %s %s already paid')).toBe('The amount {{0}} is less than the {{1}} {{2}} already paid')
    const english = { title: 'Not Found', detail: 'No route GET /nowhere' }
    expect(problemText('en', 404, 'ROUTE_NOT_FOUND', english, ['GET /nowhere'])).toEqual(english)
    expect(problemText('es', 404, 'ROUTE_NOT_FOUND', english, ['GET /nowhere'])).toEqual({ title: 'No encontrado', detail: 'No existe la ruta GET /nowhere' })
    expect(problemText('sv', 404, 'SOMEONE_ELSES_CODE', english, ['x'])).toEqual({ title: 'Hittades inte', detail: 'No route GET /nowhere' })
  })
})
