import type { Language } from '@travel-crm/contracts'

/**
 * The locale each language formats in. English documents go to European agencies' clients, so they write
 * dates and money the British way (1 May 2027, €1,200.50) rather than the American.
 */
export const LOCALES: Record<Language, string> = { en: 'en-GB', sv: 'sv-SE', es: 'es-ES' }

const moneyFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * Money as the language writes it, in the record's currency. The amount stays a decimal string: Intl formats
 * a string exactly (ES2023), so no float ever rounds a cent.
 */
export function formatMoney (amount: string, currency: string, language: Language): string {
  const key = `${language} ${currency}`
  let format = moneyFormats.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency })
    moneyFormats.set(key, format)
  }
  return format.format(amount as `${number}`)
}

/** A calendar day (`2027-05-01`) as the language writes it; read in UTC, so it never shifts a day. */
export function formatDate (date: string, language: Language): string {
  let format = dateFormats.get(language)
  if (format === undefined) {
    format = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeZone: 'UTC' })
    dateFormats.set(language, format)
  }
  return format.format(new Date(`${date.slice(0, 10)}T00:00:00Z`))
}

/** A month of a year (`2027`, `5`) as the language names it. */
export function formatMonth (year: number, month: number, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)))
}

export function formatInteger (value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 0 }).format(value)
}
