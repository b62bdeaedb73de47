import { Type } from 'typebox'
import { LANGUAGES } from './language-codes.js'
import { LiteralUnion } from './schemas.js'

export * from './language-codes.js'

/** `?lang=` on documents and exports: it wins over `Accept-Language`. */
export const LanguageParam = LiteralUnion(LANGUAGES)

export const LanguageQuery = { lang: Type.Optional(LanguageParam) }
