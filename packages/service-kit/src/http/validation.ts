import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import { Problems } from './problem.js'

/**
 * TypeBox's compiled checks instead of Fastify's Ajv: Ajv is configured to strip unknown fields silently, and
 * we want them refused. Query strings and params are strings on the wire, so they are converted first and get
 * their schema defaults (`limit` 50); bodies are checked exactly as sent.
 */
export const typeBoxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  return (input: unknown) => {
    const value = httpPart === 'body' ? input : convertStrings(schema, input)
    if (!check.Check(value)) return { error: check.Errors(value) as unknown as FastifySchemaValidationError[] }
    const unstorable = pathOfUnstorableText(value, '')
    if (unstorable === undefined) return { value }
    return { error: [{ keyword: 'text', instancePath: unstorable, schemaPath: '', params: {}, message: 'must be Unicode text without NUL characters or lone surrogates' }] }
  }
}

/** Half of a UTF-16 surrogate pair, which JSON can spell `\ud800`. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Postgres cannot keep NUL in text or a lone surrogate in JSON (the events), and the driver would turn a lone
 * surrogate into U+FFFD: such text is refused here, with the rest of the validation, not as a database error.
 */
function pathOfUnstorableText (value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path : undefined
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, item] of Object.entries(value)) {
    const found = pathOfUnstorableText(item, `${path}/${key}`)
    if (found !== undefined) return found
  }
  return undefined
}

const NUMERALS: Record<string, RegExp> = { integer: /^-?\d+$/, number: /^-?\d+(\.\d+)?$/ }

/**
 * `Value.Convert` reads "1.5", "1e3", "0x1" and even "true" as the integer 1 or 1000; a path or query value
 * that is not written as a plain number keeps its string form here, so the check refuses it (400).
 */
function convertStrings (schema: TSchema, input: unknown): unknown {
  const value = Value.Convert(schema, Value.Default(schema, Value.Clone(input)))
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties
  if (properties === undefined || typeof input !== 'object' || input === null || typeof value !== 'object' || value === null) return value
  for (const [name, given] of Object.entries(input as Record<string, unknown>)) {
    const numeral = NUMERALS[String(properties[name]?.type)]
    if (typeof given === 'string' && numeral !== undefined && !numeral.test(given)) (value as Record<string, unknown>)[name] = given
  }
  return value
}

/**
 * A period given as `from` and `to` days (YYYY-MM-DD, either may be open) that ends before it begins is a 400,
 * worded as the schema's own errors are. The schemas check each day; only the two together are checked here.
 */
export function refuseReversedPeriod ({ from, to }: { from?: string | undefined, to?: string | undefined }): void {
  if (from !== undefined && to !== undefined && from > to) throw new Problems.validation(`querystring/from ${from} is after querystring/to ${to}`)
}
