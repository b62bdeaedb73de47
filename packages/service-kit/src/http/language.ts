import type { FastifyRequest } from 'fastify'
import { negotiateLanguage, type Language } from '@travel-crm/contracts'

/** The language a request asks for: its `?lang=` (where the route takes one), else `Accept-Language`, else English. */
export function languageOf (request: FastifyRequest): Language {
  const query = request.query as Record<string, unknown> | undefined
  const lang = typeof query?.['lang'] === 'string' ? query['lang'] : undefined
  const accept = request.headers['accept-language']
  return negotiateLanguage(lang, Array.isArray(accept) ? accept.join(',') : accept)
}
