import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en, type Catalog } from './en.js'
import { es } from './es.js'
import { sv } from './sv.js'

export const LANGUAGES = { en: 'English', sv: 'Svenska', es: 'Español' } as const
export type Language = keyof typeof LANGUAGES
export const CATALOGS: Record<Language, Catalog> = { en, sv, es }

const STORAGE_KEY = 'travel-crm.language'

function isLanguage (value: unknown): value is Language {
  return typeof value === 'string' && value in LANGUAGES
}

/** The language chosen before, else the browser's first one we have, else English. */
export function initialLanguage (): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (isLanguage(stored)) return stored
  const preferred = (globalThis.navigator?.languages ?? []).map((tag) => tag.slice(0, 2)).find(isLanguage)
  return preferred ?? 'en'
}

export function chooseLanguage (language: Language): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, language)
  void i18next.changeLanguage(language)
}

export async function setUpI18n (): Promise<void> {
  i18next.on('languageChanged', (language) => { document.documentElement.lang = language })
  await i18next.use(initReactI18next).init({
    resources: Object.fromEntries(Object.entries(CATALOGS).map(([language, catalog]) => [language, { translation: catalog }])),
    lng: initialLanguage(),
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false
  })
}
