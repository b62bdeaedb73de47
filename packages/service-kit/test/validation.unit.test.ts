import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Type, type TSchema } from 'typebox'
import { typeBoxValidatorCompiler } from '../src/http/validation.js'

const validate = (httpPart: string, schema = Type.Object({ id: Type.Integer({ minimum: 1 }), limit: Type.Optional(Type.Number()) })) =>
  typeBoxValidatorCompiler({ schema, httpPart, url: '/x', method: 'GET' }) as (input: unknown) => { value?: unknown, error?: unknown[] }

describe('typeBoxValidatorCompiler', () => {
  it('turns plain numerals in params and query strings into numbers', () => {
    expect(validate('params')({ id: '42' })).toEqual({ value: { id: 42 } })
    expect(validate('querystring')({ id: '7', limit: '2.5' })).toEqual({ value: { id: 7, limit: 2.5 } })
  })

  it('refuses what only looks like a number to a lenient converter', () => {
    for (const id of ['1.5', '1e3', '0x1', 'true', ' 1', '1.0', 'abc', '']) {
      expect(validate('params')({ id }).error, id).toBeDefined()
    }
    expect(validate('querystring')({ id: '1', limit: '1e2' }).error).toBeDefined()
  })

  it('checks bodies exactly as sent, without conversion', () => {
    expect(validate('body')({ id: '42' }).error).toBeDefined()
    expect(validate('body')({ id: 42 })).toEqual({ value: { id: 42 } })
  })

  it('refuses text that Postgres cannot keep: NUL and lone surrogates, wherever they are', () => {
    const schema = Type.Object({ name: Type.String(), tags: Type.Optional(Type.Array(Type.String())) })
    const text = (httpPart: string) => typeBoxValidatorCompiler({ schema, httpPart, url: '/x', method: 'POST' }) as (input: unknown) => { value?: unknown, error?: unknown[] }
    for (const name of ['a\u0000b', '\ud800', 'x\udc00y']) {
      expect(text('body')({ name }).error, JSON.stringify(name)).toMatchObject([{ instancePath: '/name' }])
    }
    expect(text('body')({ name: 'ok', tags: ['fine', '\u0000'] }).error).toMatchObject([{ instancePath: '/tags/1' }])
    expect(text('querystring')({ name: '\u0000' }).error).toBeDefined()
    expect(text('body')({ name: 'Zoë 👩‍👩‍👧 \ud83d\ude00' })).toEqual({ value: { name: 'Zoë 👩‍👩‍👧 \ud83d\ude00' } })
  })
})

describe('path and query conversion made once per schema', () => {
  const listQuery = Type.Object({
    archived: Type.Optional(Type.Union([Type.Literal('include'), Type.Literal('only')])),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    price: Type.Optional(Type.Number()),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
    sort: Type.Optional(Type.Enum(['id', '-id', 'name', '-name']))
  }, { additionalProperties: false })
  // The same schema with a property the made-once conversion does not take: validated the general way.
  const general = Type.Object({ ...listQuery.properties, flag: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
  const numeral = fc.oneof(fc.integer({ min: -1000, max: 100_000 }).map(String), fc.tuple(fc.integer({ min: -99, max: 99 }), fc.nat(999)).map(([whole, part]) => `${whole}.${part}`), fc.double({ noNaN: true }).map(String), fc.constantFrom('007', '-0', '1.50', '1e3', '0x1', ' 1', '', '99999999999999999999'))
  const given = fc.oneof(numeral, fc.string(), fc.constantFrom('include', 'only', 'id', '-name', 'true'), fc.array(fc.string(), { maxLength: 2 }))
  const wellFormed = fc.record({
    archived: fc.constantFrom('include', 'only', 'all'),
    name: fc.string(),
    price: numeral,
    limit: numeral,
    offset: numeral,
    sort: fc.constantFrom('id', '-name', 'price')
  }, { requiredKeys: [] })
  const inputs = fc.oneof(wellFormed, fc.dictionary(fc.constantFrom('archived', 'name', 'price', 'limit', 'offset', 'sort', 'other', '__proto__'), given))

  it('gives what the general conversion gives, for any path or query', () => {
    const query = (schema: TSchema) => typeBoxValidatorCompiler({ schema, httpPart: 'querystring', url: '/x', method: 'GET' }) as (input: unknown) => { value?: unknown, error?: unknown[] }
    const made = query(listQuery)
    const reference = query(general)
    fc.assert(fc.property(inputs, (input) => {
      const ours = made({ ...input })
      const theirs = reference({ ...input })
      expect(ours.error === undefined, JSON.stringify(input)).toBe(theirs.error === undefined)
      expect(ours.value).toEqual(theirs.value)
    }), { numRuns: 300 })
  }, 30_000)
})
