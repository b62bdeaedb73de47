import createError from '@fastify/error'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES } from 'node:http'
import { Problem, type Language } from '@travel-crm/contracts'
import type { TValidationError } from 'typebox/error'
import { Locale } from 'typebox/system'
import { languageOf } from './language.js'
import { addProblemWords, problemText, validationWords, type ProblemWords } from './problem-language.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail?: string
  code: string
  instance?: string
  errors?: Array<{ path: string, message: string }>
  [extension: string]: unknown
}

/**
 * Declares an error with a stable code (`CRM_CLIENT_NOT_FOUND`), an HTTP status and a message template with
 * `%s` placeholders, rendered as problem+json by the shared error handler.
 */
export function defineProblem (code: string, message: string, status: number) {
  // The values a problem is raised with are kept: a detail in another language is written from them.
  return new Proxy(createError(code, message, status), {
    construct: (target, values: unknown[]) => Object.assign(Reflect.construct(target, values) as object, { problemValues: values })
  })
}

/** The other languages' words for a service's problems: every problem named in each, `{{0}}` for the first `%s`. */
export type ProblemTranslations<Name extends string> = Record<Exclude<Language, 'en'>, ProblemWords<Name>>

/**
 * A service's own problems, declared once in its `problems.ts`: every code carries the service's prefix
 * (`CRM_CLIENT_NOT_FOUND`), checked when the service loads.
 */
export function defineProblems<Table extends Record<string, readonly [code: string, message: string, status: number]>> (
  prefix: string,
  table: Table,
  translations?: ProblemTranslations<keyof Table & string>
): { [Name in keyof Table]: ReturnType<typeof defineProblem> } {
  for (const [language, words] of Object.entries(translations ?? {}) as Array<[Language, Record<string, string>]>) {
    addProblemWords(language, Object.fromEntries(Object.entries(words).map(([name, text]) => [table[name]?.[0] ?? name, text])))
  }
  return Object.fromEntries(Object.entries(table).map(([name, [code, message, status]]) => {
    if (!code.startsWith(`${prefix}_`)) throw new Error(`problem code ${code} must begin with ${prefix}_`)
    return [name, defineProblem(code, message, status)]
  })) as { [Name in keyof Table]: ReturnType<typeof defineProblem> }
}

export const Problems = {
  validation: defineProblem('VALIDATION_FAILED', '%s', 400),
  unauthenticated: defineProblem('UNAUTHENTICATED', '%s', 401),
  forbidden: defineProblem('FORBIDDEN', 'Your role may not %s', 403),
  notFound: defineProblem('NOT_FOUND', '%s', 404),
  conflict: defineProblem('CONFLICT', '%s', 409),
  unprocessable: defineProblem('RULE_VIOLATED', '%s', 422),
  unavailable: defineProblem('SERVICE_UNAVAILABLE', '%s', 503)
}

/** Extra members (`balance`, `valid_roles`, …) that a problem carries beyond RFC 9457's own. */
export function withExtensions<E extends Error> (error: E, extensions: Record<string, unknown>): E {
  Object.assign(error, { problemExtensions: extensions })
  return error
}

export function problemBody (status: number, code: string, detail: string | undefined, instance?: string): ProblemBody {
  return {
    type: `urn:travel-crm:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail !== undefined ? { detail } : {}),
    code,
    ...(instance !== undefined ? { instance } : {})
  }
}

/**
 * Sends a problem with its title, and its detail where the catalogs word it, in the request's language
 * (`?lang=`, `Accept-Language`); `values` are what the problem's `%s` placeholders were given. The code stays.
 */
export function sendProblem (reply: FastifyReply, body: ProblemBody, values?: readonly unknown[]): FastifyReply {
  const english = { title: body.title, ...(body.detail !== undefined ? { detail: body.detail } : {}) }
  const words = problemText(languageOf(reply.request), body.status, body.code, english, values)
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).header('content-language', words === english ? 'en' : languageOf(reply.request)).send({ ...body, ...words })
}

interface ValidationIssue { keyword?: string, schemaPath?: string, instancePath?: string, message?: string, params?: Record<string, unknown> }

/** TypeBox reports each unknown field twice: as "schema is false" on the field, and by name on its object. */
function isUnknownFieldEcho (issue: ValidationIssue): boolean {
  return issue.keyword === 'boolean' && issue.schemaPath?.endsWith('/additionalProperties') === true
}

/** The JSON Schema keywords TypeBox's locales word; a refinement's or our own check's message is English only. */
const WORDED_KEYWORDS = new Set(['additionalProperties', 'anyOf', 'boolean', 'const', 'contains', 'dependencies', 'dependentRequired', 'enum',
  'exclusiveMaximum', 'exclusiveMinimum', 'format', 'if', 'maxItems', 'maxLength', 'maxProperties', 'maximum', 'minItems', 'minLength',
  'minProperties', 'minimum', 'multipleOf', 'not', 'oneOf', 'pattern', 'propertyNames', 'required', 'type', 'unevaluatedItems',
  'unevaluatedProperties', 'uniqueItems'])

/** TypeBox words each failed check in these languages; its own checks come with English words. */
const SCHEMA_WORDS: Record<Language, (issue: TValidationError) => string> = { en: Locale.en_US, sv: Locale.sv_SE, es: Locale.es_ES }

/** The schema's complaint about one field in `language`; the field's path and the code stay as they are. */
function wordsOf (issue: ValidationIssue, language: Language): string {
  const extra = issue.params?.['additionalProperties'] as string[] | undefined
  const required = issue.params?.['requiredProperties'] as string[] | undefined
  if (extra !== undefined && extra.length > 0) return validationWords(language, 'unknownFields', extra)
  if (required !== undefined && required.length > 0) return validationWords(language, 'requiredFields', required)
  if (issue.keyword === 'text') return validationWords(language, 'unstorableText')
  if (language === 'en' || !WORDED_KEYWORDS.has(issue.keyword ?? '') || issue.params === undefined) return issue.message ?? validationWords(language, 'invalid')
  try {
    return SCHEMA_WORDS[language](issue as TValidationError)
  } catch {
    // A check TypeBox's locale does not know how to word (a refinement's own message): its English stands.
    return issue.message ?? validationWords(language, 'invalid')
  }
}

function describeValidation (error: FastifyError & { validationContext?: string }, language: Language): Array<{ path: string, message: string }> {
  const where = error.validationContext ?? 'body'
  return (error.validation as ValidationIssue[] | undefined ?? []).filter((issue) => !isUnknownFieldEcho(issue))
    .map((issue) => ({ path: `${where}${issue.instancePath ?? ''}`, message: wordsOf(issue, language) }))
}

/**
 * Errors of the database or broker connection: the service cannot answer now, but the request was fine. A
 * connection lost mid-transaction shows as knex's "Transaction query already complete" on the next statement.
 */
export function isUnavailable (error: Error & { code?: string, statusCode?: number }): boolean {
  // A dependency that said so itself (Problems.unavailable: crm not answering a question, say).
  if (error.statusCode === 503) return true
  const codes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '53300'])
  if (error.code !== undefined && codes.has(error.code)) return true
  return ['ConnectionException', 'TimeoutError', 'KnexTimeoutError'].includes(error.name) ||
    /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|connection error and is not queryable|Transaction query already complete/.test(error.message)
}

/**
 * One handler turns every failure into RFC 9457 problem+json: validation, body parsing, unknown routes,
 * domain rules and crashes. A 5xx tells the caller nothing about the internals; the log keeps the detail.
 */
export function installProblemHandlers (app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { problemExtensions?: Record<string, unknown>, problemValues?: unknown[] }, request: FastifyRequest, reply: FastifyReply) => {
    if (error.validation !== undefined) {
      const errors = describeValidation(error, languageOf(request))
      return sendProblem(reply, { ...problemBody(400, 'VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), request.url), errors })
    }
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : isUnavailable(error) ? 503 : 500
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed')
      const code = status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR'
      const detail = status === 503 ? 'A dependency of this service is unavailable; try again shortly.' : 'An unexpected error occurred; it has been logged.'
      if (status === 503) void reply.header('retry-after', '5')
      return sendProblem(reply, problemBody(status, code, detail, request.url), [])
    }
    const code = typeof error.code === 'string' && error.code.startsWith('FST_') ? fastifyCode(error.code) : error.code ?? 'BAD_REQUEST'
    return sendProblem(reply, { ...problemBody(status, code, error.message, request.url), ...error.problemExtensions }, error.problemValues)
  })

  app.setNotFoundHandler((request, reply) => {
    const route = `${request.method} ${request.url.split('?')[0]}`
    return sendProblem(reply, problemBody(404, 'ROUTE_NOT_FOUND', `No route ${route}`, request.url), [route])
  })
}

/** Fastify's own error codes, renamed so that clients see one vocabulary. */
function fastifyCode (code: string): string {
  const names: Record<string, string> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
    FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_JSON_BODY',
    FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH'
  }
  return names[code] ?? (code.includes('JSON') ? 'INVALID_JSON' : 'BAD_REQUEST')
}

/**
 * Problem+json responses a route declares beyond those the API document adds to every route (400, 401, 403,
 * 413, 415, 503): its own 404, 409, 412, 422.
 */
export function problemResponses (...statuses: number[]): Record<number, typeof Problem> {
  return Object.fromEntries(statuses.map((status) => [status, Problem]))
}
