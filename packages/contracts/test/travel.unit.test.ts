import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { countryCodes, isCountryCode, TRIP_STATUS_MOVES, TRIP_STATUSES, tripMayMove, TripListQuery } from '../src/index.js'

describe('trip status moves', () => {
  it('go forward only, to cancelled before completed, and nowhere from a final status', () => {
    const order = ['inquiry', 'quoted', 'booked', 'completed'] as const
    for (const from of TRIP_STATUSES) {
      for (const to of TRIP_STATUSES) {
        const forward = (order as readonly string[]).indexOf(to) > (order as readonly string[]).indexOf(from) && from !== 'cancelled'
        const cancels = to === 'cancelled' && from !== 'completed' && from !== 'cancelled'
        expect(tripMayMove(from, to), `${from} → ${to}`).toBe(from === to || forward || cancels)
      }
    }
    expect(TRIP_STATUS_MOVES.completed).toEqual([])
    expect(TRIP_STATUS_MOVES.cancelled).toEqual([])
  })

  it('filter a list by a comma-separated list of statuses', () => {
    expect(Value.Check(TripListQuery, { status: 'booked,quoted', limit: 50, offset: 0 })).toBe(true)
    for (const status of ['booked,', 'sold', 'BOOKED', 'booked quoted']) {
      expect(Value.Check(TripListQuery, { status, limit: 50, offset: 0 }), status).toBe(false)
    }
  })
})

describe('ISO 3166-1 alpha-2', () => {
  it('holds the 249 assigned codes, each a region this runtime can name', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
    expect(countryCodes()).toHaveLength(249)
    for (const code of countryCodes()) expect(names.of(code), code).toBeDefined()
  })

  it('knows no code that is not assigned', () => {
    for (const code of ['XX', 'EU', 'UK', 'ZZ', 'QO', 'pt', 'PRT', '']) expect(isCountryCode(code), code).toBe(false)
    for (const code of ['PT', 'DE', 'US', 'GB', 'BR', 'SS']) expect(isCountryCode(code), code).toBe(true)
  })
})
