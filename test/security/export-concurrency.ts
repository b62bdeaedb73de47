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

    it(`streams ${EXPORTS_AT_ONCE} exports at once, shared fairly: a user's third is a 429, one more than all is a 503, and serves again once they end`, async () => {
      const url = (path: string) => `${agency().stack.urls.reporting}${path}`
      const as = (role: 'admin' | 'analyst' | 'agent') => ({ authorization: `Bearer ${agency().tokens[role]}` })
      const holders = ['analyst', 'analyst', 'admin', 'admin'] as const
      const downloads = holders.map(() => new AbortController())
      try {
        const started = await Promise.all(holders.map(async (role, index) => await fetch(url('/clients/export'), { headers: as(role), signal: downloads[index]?.signal })))
        expect(started.map((response) => response.status)).toEqual(holders.map(() => 200))

        const overShare = await fetch(url('/reports/revenue-by-client/export'), { headers: as('analyst') })
        const shareText = await overShare.text()
        const shareBody = JSON.parse(shareText)
        expectProblem({ status: overShare.status, headers: overShare.headers, body: shareBody, code: shareBody.code, text: shareText }, 429)
        expect(JSON.parse(shareText)).toMatchObject({ code: 'REPORTING_EXPORTS_SHARE_USED' })

        const refused = await fetch(url('/clients/1/details/export'), { headers: as('agent') })
        const text = await refused.text()
        const body = JSON.parse(text)
        expectProblem({ status: refused.status, headers: refused.headers, body, code: body.code, text }, 503)
        expect(JSON.parse(text)).toMatchObject({ code: 'REPORTING_EXPORTS_BUSY' })
        expect(refused.headers.get('retry-after')).toBe('5')
        // The JSON reports have connections of their own and are not held up.
        expect((await fetch(url('/reports/revenue-by-client'), { headers: as('analyst') })).status).toBe(200)
      } finally {
        for (const download of downloads) download.abort()
      }
      await eventually(async () => {
        expect((await fetch(url('/reports/revenue-by-client/export'), { headers: as('analyst') })).status).toBe(200)
      })
    })
  })
}
