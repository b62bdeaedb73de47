import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { type Agency, expectProblem } from './agency.js'

/** As many as reporting's exports pool has connections. */
const EXPORTS_AT_ONCE = 4
const BULK_FROM = 10_000_000

/**
 * OWASP API4 for exports: each streaming export holds a database connection while its client downloads, so
 * a process streams only a few at once and refuses one more straight away instead of queueing it.
 */
export function exportConcurrency (agency: () => Agency): void {
  describe('export concurrency', () => {
    beforeAll(async () => {
      // Tens of megabytes of CSV: more than the sockets between reporting and a client that does not read can
      // hold, so an export stays open until its client goes away.
      await agency().stack.query(`insert into reporting.client (id, name, email, phone, company, created_at, updated_at, created_by, updated_by, version)
        select ${BULK_FROM} + n, repeat('Bulk client of the export test ', 4) || n, 'bulk' || n || '@example.com', '+1 555 0100', 'Bulk & Co',
          now(), now(), 1, 1, 1 from generate_series(1, 200000) as n`)
    })

    afterAll(async () => {
      await agency().stack.query(`delete from reporting.client where id > ${BULK_FROM}`)
    })

    it(`streams ${EXPORTS_AT_ONCE} exports at once, refuses one more with 503, and serves again once they end`, async () => {
      const url = (path: string) => `${agency().stack.urls.reporting}${path}`
      const headers = { authorization: `Bearer ${agency().tokens.analyst}` }
      const downloads = Array.from({ length: EXPORTS_AT_ONCE }, () => new AbortController())
      try {
        const started = await Promise.all(downloads.map(async (download) => await fetch(url('/clients/export'), { headers, signal: download.signal })))
        expect(started.map((response) => response.status)).toEqual(downloads.map(() => 200))

        const refused = await fetch(url('/reports/revenue-by-client/export'), { headers })
        const text = await refused.text()
        expectProblem({ status: refused.status, headers: refused.headers, body: JSON.parse(text), code: 'REPORTING_EXPORTS_BUSY', text }, 503)
        expect(JSON.parse(text)).toMatchObject({ code: 'REPORTING_EXPORTS_BUSY' })
        expect(refused.headers.get('retry-after')).toBe('5')
        // The JSON reports have connections of their own and are not held up.
        expect((await fetch(url('/reports/revenue-by-client'), { headers })).status).toBe(200)
      } finally {
        for (const download of downloads) download.abort()
      }
      await eventually(async () => {
        expect((await fetch(url('/reports/revenue-by-client/export'), { headers })).status).toBe(200)
      })
    })
  })
}
