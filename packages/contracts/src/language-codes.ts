/** The languages of the web app, and so of the documents and the API's messages. */
export const LANGUAGES = ['en', 'sv', 'es'] as const
export type Language = (typeof LANGUAGES)[number]
export const DEFAULT_LANGUAGE: Language = 'en'

export function isLanguage (value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value)
}

/**
 * The language to answer in: `?lang=` when given, else the best of `Accept-Language` (RFC 9110 quality
 * values; `sv-SE` counts as `sv`), else English.
 */
export function negotiateLanguage (lang: string | undefined, acceptLanguage: string | undefined): Language {
  if (lang !== undefined && isLanguage(lang)) return lang
  const ranges = (acceptLanguage ?? '').split(',').map((part, index) => {
    const [range = '', ...parameters] = part.trim().split(';')
    const quality = parameters.map((parameter) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/i.exec(parameter)?.[1]).find((value) => value !== undefined)
    return { language: range.trim().toLowerCase().split('-')[0] ?? '', quality: quality === undefined ? 1 : Number(quality), index }
  }).filter((range) => range.quality > 0 && range.language !== '')
  ranges.sort((a, b) => b.quality - a.quality || a.index - b.index)
  for (const range of ranges) {
    if (range.language === '*') return DEFAULT_LANGUAGE
    if (isLanguage(range.language)) return range.language
  }
  return DEFAULT_LANGUAGE
}
