import { Type, type TLiteral, type TProperties, type TSchema, type TUnion } from 'typebox'
import { isCalendarDate } from './dates.js'
import { parseMoney } from './money.js'

/** Every request schema rejects fields it does not name: a PATCH with `id` or `version` is a 400. */
export function StrictObject<Properties extends TProperties> (properties: Properties, options: object = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options })
}

/** One of a fixed list of strings. Mapping an array to literals by hand types the union as `never`. */
export function LiteralUnion<const T extends readonly [string, ...string[]]> (values: T, options: Parameters<typeof Type.Union>[1] = {}): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((value) => Type.Literal(value)), options) as never
}

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'numeric identifier' })
export const IdParams = StrictObject({ id: Id })

export const DateOnly = Type.Refine(
  Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2027-05-01'] }),
  (value) => isCalendarDate(value),
  () => 'must be a calendar date YYYY-MM-DD'
)
export const Timestamp = Type.String({ format: 'date-time' })
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code', examples: ['EUR'] })

/** The ISO 4217 codes this runtime knows (ICU's list): `ZZZ` is three capitals, but no currency. */
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'))

export function isCurrencyCode (value: string): boolean {
  return ISO_4217.has(value)
}

/**
 * A currency as clients give it: a real ISO 4217 code. (Records and events keep the plain `Currency`, so an
 * old record is still read and an event still applied even if its code were retired.)
 */
export const CurrencyCode = Type.Refine(Currency, (value) => isCurrencyCode(value), () => 'must be an ISO 4217 currency code such as EUR, USD or GBP')

/**
 * Text people type (a name, a destination, a payment method): stored trimmed, so its length is counted after
 * trimming and blank counts as empty. The untrimmed text may be padded, but not without end.
 */
export function TrimmedText (max: number, options: { examples?: string[] } = {}) {
  return Type.Refine(
    Type.String({ minLength: 1, maxLength: max * 4, description: `1 to ${max} characters after trimming`, ...options }),
    (value) => { const length = value.trim().length; return length >= 1 && length <= max },
    () => `must be 1 to ${max} characters after trimming`
  )
}

/** Text that may be left out: null, or blank, clears it (stored as `trimmedOrNull` gives it). */
export function OptionalTrimmedText (max: number) {
  return Type.Union([
    Type.Refine(
      Type.String({ maxLength: max * 4, description: `at most ${max} characters after trimming; blank clears it` }),
      (value) => value.trim().length <= max,
      () => `must be at most ${max} characters after trimming`
    ),
    Type.Null()
  ])
}

/** Optional text as it is stored: trimmed, and null when nothing is left. */
export function trimmedOrNull (value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}

/** Decimal string with two decimals, as every response gives money. */
export const DecimalString = Type.String({ pattern: '^-?\\d+\\.\\d{2}$', examples: ['1250.00'] })

/** Money as a request gives it: a JSON number or a decimal string, at most two decimals. */
export function MoneyInput (options: { positive: boolean }) {
  return Type.Refine(
    Type.Union([Type.Number(), Type.String({ maxLength: 20 })], {
      description: `amount ${options.positive ? '> 0' : '>= 0'}, number or decimal string, at most two decimals`,
      examples: ['1250.00', 99.5]
    }),
    (value) => {
      const amount = parseMoney(value)
      return amount !== undefined && (!options.positive || amount !== '0.00')
    },
    () => `must be ${options.positive ? 'greater than 0' : 'at least 0'} with at most two decimals`
  )
}

export const Pagination = {
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })
}

export const Audit = {
  created_at: Timestamp,
  updated_at: Timestamp,
  created_by: Type.Union([Type.Integer(), Type.Null()]),
  updated_by: Type.Union([Type.Integer(), Type.Null()]),
  version: Type.Integer({ minimum: 1 })
}

/** Header of every POST: a retry with the same key and body returns the first response and changes nothing. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'

/** RFC 9457 problem details, the one error format of every service. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  code: Type.String({ description: 'stable machine-readable code, e.g. CRM_CLIENT_NOT_FOUND' }),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() })))
})

export type AnySchema = TSchema

/**
 * A list's `sort` query parameter: one of the columns the list names, `-` before it for descending
 * (`sort=name`, `sort=-created_at`). A column the list does not name is refused with 400 like any bad
 * parameter. Rows that tie on the column keep id order in the same direction, so paging through a sorted
 * list meets every row once.
 */
export function Sorting<const Columns extends readonly [string, ...string[]]> (columns: Columns) {
  const values = columns.flatMap((column) => [column, `-${column}`]) as Array<SortValue<Columns[number]>>
  // An `enum` rather than a union of constants: OpenAPI readers (Swagger UI, Postman) offer its values as a list.
  const sort = Type.Enum(values, { description: `a column to sort by, - before it for descending; ties in id order: ${columns.join(', ')}` })
  return { sort: Type.Optional(sort) }
}

export type SortValue<Column extends string> = Column | `-${Column}`

/** A `sort` value read: which column, which way. */
export interface SortOrder<Column extends string> {
  column: Column
  direction: 'asc' | 'desc'
}

export function sortOrderOf<Column extends string> (sort: SortValue<Column>): SortOrder<Column> {
  return sort.startsWith('-')
    ? { column: sort.slice(1) as Column, direction: 'desc' }
    : { column: sort as Column, direction: 'asc' }
}
