import i18next, { type TFunction } from 'i18next'
import { DEFAULT_LANGUAGE, type Language } from '@travel-crm/contracts/plain'
import { en } from './catalogs/en.js'
import { es } from './catalogs/es.js'
import { sv } from './catalogs/sv.js'

/** The documents' catalogs by language: each has every key of English (the type and a test see to it). */
export const DOCUMENT_CATALOGS = { en, sv, es } as const satisfies Record<Language, typeof en>

const documents = i18next.createInstance()
// Synchronous: the resources are in memory, so `t` works as soon as this module is loaded.
void documents.init({
  resources: Object.fromEntries(Object.entries(DOCUMENT_CATALOGS).map(([language, catalog]) => [language, { documents: catalog }])),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  ns: ['documents'],
  defaultNS: 'documents',
  initAsync: false,
  // PDF text is not HTML: nothing to escape, and `&` in a name must print as `&`.
  interpolation: { escapeValue: false },
  keySeparator: '.',
  nsSeparator: false
})

export type Translate = TFunction<'documents'>

/** The documents' words in one language. */
export function documentWords (language: Language): Translate {
  return documents.getFixedT(language, 'documents')
}
