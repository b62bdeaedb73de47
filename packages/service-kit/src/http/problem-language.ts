import i18next from 'i18next'
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '@travel-crm/contracts'
import { en } from './problem-catalogs/en.js'
import { es } from './problem-catalogs/es.js'
import { sv } from './problem-catalogs/sv.js'

/** The kit's catalogs, one per language. */
export const KIT_PROBLEM_CATALOGS = { en, sv, es } as const

/** A service's problem details in one language, by problem name, with `{{0}}`, `{{1}}` for the `%s` values. */
export type ProblemWords<Name extends string> = Record<Name, string>

/**
 * Problem titles and details in the request's language. English details are the templates the problems are
 * defined with; the other languages come from the kit's catalogs and each service's (`defineProblems`).
 * Codes never change. A problem without words in the language keeps its English detail.
 */
const problems = i18next.createInstance()
void problems.init({
  resources: Object.fromEntries(LANGUAGES.map((language) => [language, { ...KIT_PROBLEM_CATALOGS[language] }])),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: false,
  ns: ['titles', 'problems', 'sentences', 'validation'],
  initAsync: false,
  interpolation: { escapeValue: false },
  keySeparator: false,
  nsSeparator: false
})

/** `Client %s not found` → `Client {{0}} not found`: positional values as i18next interpolates them. */
export function templateOf (message: string): string {
  let index = 0
  return message.replace(/%s/g, () => `{{${index++}}}`)
}

/** One of the kit's words for a field that failed validation, in `language`. */
export function validationWords (language: Language, key: keyof typeof en.validation, fields?: readonly string[]): string {
  return problems.t(key, { lng: language, ns: 'validation', fields: fields?.join(', ') ?? '' })
}

/** Adds a service's problem words, by code, to the catalog of each language. */
export function addProblemWords (language: Language, words: Record<string, string>): void {
  problems.addResources(language, 'problems', words)
}

/** A problem's title and detail in `language`; `values` are what its `%s` placeholders were given. */
export function problemText (language: Language, status: number, code: string, english: { title: string, detail?: string }, values?: readonly unknown[]): { title: string, detail?: string } {
  if (language === DEFAULT_LANGUAGE) return english
  const title = problems.exists(String(status), { lng: language, ns: 'titles' }) ? problems.t(String(status), { lng: language, ns: 'titles' }) : english.title
  if (values === undefined || !problems.exists(code, { lng: language, ns: 'problems' })) {
    // A free-text problem (401s, the gateway's own) may still be one of the kit's fixed sentences.
    const sentence = english.detail !== undefined && problems.exists(english.detail, { lng: language, ns: 'sentences' })
    return sentence ? { title, detail: problems.t(english.detail as string, { lng: language, ns: 'sentences' }) } : { ...english, title }
  }
  const detail = problems.t(code, { lng: language, ns: 'problems', ...Object.fromEntries(values.map((value, index) => [String(index), String(value)])) })
  return { title, detail }
}

/**
 * What a service's translations lack against its problem table: a problem without words in a language, or
 * words whose placeholders are not the English `%s` values (`{{0}}` … in any order). Empty when complete.
 */
export function missingProblemWords (
  table: Record<string, readonly [code: string, message: string, status: number]>,
  translations: Partial<Record<Language, Record<string, string>>>
): string[] {
  const missing: string[] = []
  for (const language of LANGUAGES.filter((one) => one !== DEFAULT_LANGUAGE)) {
    const words = translations[language] ?? {}
    for (const [name, [code, message]] of Object.entries(table)) {
      const text = words[name]
      const expected = [...templateOf(message).matchAll(/\{\{(\d+)\}\}/g)].map((match) => match[1]).sort()
      if (text === undefined || text.trim() === '') missing.push(`${language} ${code}: no words`)
      else if ([...text.matchAll(/\{\{(\d+)\}\}/g)].map((match) => match[1]).sort().join() !== expected.join()) missing.push(`${language} ${code}: placeholders differ from "${message}"`)
    }
    for (const name of Object.keys(words)) if (table[name] === undefined) missing.push(`${language} ${name}: no such problem`)
  }
  return missing
}
