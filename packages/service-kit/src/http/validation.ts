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
  const convert = httpPart === 'body' ? undefined : plainConverter(schema) ?? ((input: unknown) => convertStrings(schema, input))
  return (input: unknown) => {
    const value = convert === undefined ? input : convert(input)
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

/** A property of a path or query: a number (from a plain numeral, as `convertStrings` reads it) or text. */
interface PlainProperty { numeral: RegExp | undefined }

function plainProperty (property: Record<string, unknown>): PlainProperty | undefined {
  const { type, anyOf, enum: values } = property
  if ((type === 'integer' || type === 'number') && anyOf === undefined && values === undefined) return { numeral: NUMERALS[type] }
  if (type === 'string' && anyOf === undefined) return { numeral: undefined }
  const text = (each: unknown): boolean => typeof each === 'string'
  if (Array.isArray(values) && values.every(text) && (type === undefined || type === 'string') && anyOf === undefined) return { numeral: undefined }
  if (Array.isArray(anyOf) && type === undefined && values === undefined &&
    anyOf.every((each: Record<string, unknown>) => each['type'] === 'string' && text(each['const']))) return { numeral: undefined }
  return undefined
}

/**
 * `convertStrings` made once for an object schema whose properties are all numbers or text (text, a choice of
 * texts), as every path and list query of the API is: walking the schema with `Value.Clone`, `Default` and
 * `Convert` on every request was a few per cent of a read's CPU. It gives what `convertStrings` gives; a value
 * it does not expect (a repeated parameter's array, a name the schema lacks) takes `convertStrings` itself.
 */
function plainConverter (schema: TSchema): ((input: unknown) => unknown) | undefined {
  const { type, properties } = schema as { type?: unknown, properties?: Record<string, Record<string, unknown>> }
  if (type !== 'object' || properties === undefined) return undefined
  const plain = new Map<string, PlainProperty>()
  const defaults: Array<[string, number | string]> = []
  for (const [name, property] of Object.entries(properties)) {
    const known = plainProperty(property)
    if (known === undefined) return undefined
    plain.set(name, known)
    if ('default' in property) {
      const fallback = property['default']
      if (typeof fallback !== 'number' && typeof fallback !== 'string') return undefined
      defaults.push([name, fallback])
    }
  }
  return (input) => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return convertStrings(schema, input)
    const value: Record<string, unknown> = {}
    for (const [name, given] of Object.entries(input)) {
      const property = plain.get(name)
      if (property === undefined || typeof given !== 'string') return convertStrings(schema, input)
      value[name] = property.numeral?.test(given) === true ? Number(given) : given
    }
    for (const [name, fallback] of defaults) if (value[name] === undefined) value[name] = fallback
    return value
  }
}

/**
 * A period given as `from` and `to` days (YYYY-MM-DD, either may be open) that ends before it begins is a 400,
 * worded as the schema's own errors are. The schemas check each day; only the two together are checked here.
 */
export function refuseReversedPeriod ({ from, to }: { from?: string | undefined, to?: string | undefined }): void {
  if (from !== undefined && to !== undefined && from > to) throw new Problems.validation(`querystring/from ${from} is after querystring/to ${to}`)
}
