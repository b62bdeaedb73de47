import { describe, expect, it } from 'vitest'
import { Type } from 'typebox'
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
