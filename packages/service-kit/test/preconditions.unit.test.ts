import { describe, expect, it } from 'vitest'
import { defineProblem, etagOf, ifMatchPrecondition, noPrecondition, STALE_VERSION_MESSAGE } from '../src/http/index.js'

const StaleVersion = defineProblem('KIT_STALE_VERSION', STALE_VERSION_MESSAGE, 412)

/** The code a precondition refuses with, or undefined when it lets the change through. */
function refusal (header: string | undefined, version: number, stale = StaleVersion): string | undefined {
  try {
    ifMatchPrecondition(header, stale)('Client 7', version)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(stale)
    return (error as { code: string }).code
  }
}

describe('etagOf', () => {
  it('is the version as a strong entity tag', () => {
    expect(etagOf(3)).toBe('"3"')
  })
})

describe('ifMatchPrecondition', () => {
  it('lets any change through without If-Match, or with *', () => {
    expect(ifMatchPrecondition(undefined, StaleVersion)).toBe(noPrecondition)
    expect(ifMatchPrecondition('*', StaleVersion)).toBe(noPrecondition)
    expect(ifMatchPrecondition('"1", *', StaleVersion)).toBe(noPrecondition)
    expect(refusal(undefined, 9)).toBeUndefined()
  })

  it('lets a change through when one of the tags is the current version, quoted or not', () => {
    expect(refusal('"3"', 3)).toBeUndefined()
    expect(refusal('3', 3)).toBeUndefined()
    expect(refusal('"1", "3"', 3)).toBeUndefined()
    expect(refusal(' "2" ,3 ', 3)).toBeUndefined()
  })

  it('refuses a stale version with 412 KIT_STALE_VERSION, naming the record, its version and the header', () => {
    expect(refusal('"2"', 3)).toBe('KIT_STALE_VERSION')
    try {
      ifMatchPrecondition('"2"', StaleVersion)('Invoice 4', 3)
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ statusCode: 412, message: 'Invoice 4 is at version 3, not the one in If-Match ("2"): read it again' })
    }
  })

  it('compares strongly: weak tags, malformed tags and an empty header never match', () => {
    for (const header of ['W/"3"', '"x"', '"3.0"', '', '"03"']) expect(refusal(header, 3), header).toBe('KIT_STALE_VERSION')
  })

  it('refuses with the problem a service gives, keeping its own stable code', () => {
    const Stale = defineProblem('CRM_STALE_VERSION', '%s is at version %s, not %s', 412)
    expect(refusal('"1"', 2, Stale)).toBe('CRM_STALE_VERSION')
  })
})
