import { describe, expect, it } from 'vitest'
import { Agency, expectProblem } from './agency.js'

/** The gateway's limits as the stack runs them: its defaults. */
const REQUESTS_PER_MINUTE = 600
const LOGINS_PER_MINUTE = 20

/**
 * OWASP API4 under a flood: one client address gets 429 problem+json with Retry-After once it passes the
 * gateway's limits, on any route and sooner on `/login`, while other addresses are still served.
 */
export function flood (agency: () => Agency): void {
  describe('a flood from one address', () => {
    it('is cut off with 429 after the per-minute limit, and other clients are still served', async () => {
      const flooder = new Agency(agency().stack, '198.51.100.66')
      const statuses: number[] = []
      const batch = 25
      for (let sent = 0; sent < REQUESTS_PER_MINUTE + batch; sent += batch) {
        statuses.push(...await Promise.all(Array.from({ length: batch }, async () => (await flooder.call('GET', '/roles')).status)))
      }
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(REQUESTS_PER_MINUTE)
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0)
      expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([])
      const limited = await flooder.call('GET', '/roles')
      expectProblem(limited, 429)
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await agency().call('GET', '/roles')).status).toBe(200)
    })

    it('cuts password guessing off sooner, on /login', async () => {
      const guesser = new Agency(agency().stack, '198.51.100.77')
      const statuses: number[] = []
      // A new name each time: auth's own per-name throttle would answer 429 after five failures of one name.
      for (let attempt = 0; attempt <= LOGINS_PER_MINUTE; attempt++) {
        statuses.push((await guesser.call('POST', '/login', { body: { username: `guess-${attempt}`, password: 'wrong-password' } })).status)
      }
      expect(statuses.slice(0, LOGINS_PER_MINUTE).every((status) => status === 401)).toBe(true)
      expectProblem(await guesser.call('POST', '/login', { body: { username: 'guess-last', password: 'wrong-password' } }), 429)
      expect((await guesser.call('GET', '/roles')).status).toBe(200)
    })
  })
}
