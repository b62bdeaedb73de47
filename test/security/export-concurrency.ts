import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { type Agency, expectProblem } from './agency.js'

/** As many as reporting's exports pool has connections. */
const EXPORTS_AT_ONCE = 4
/** The stack of these tests sets `REPORTING_EXPORT_QUEUE` to this: each user may hold half of it. */
export const EXPORT_QUEUE = 4
/**
 * And `REPORTING_EXPORT_WAIT_MS` to this, its most: the exports that hold the streams take seconds to start on
 * a busy machine, and the queue must still be there when one of them ends.
 */
export const EXPORT_WAIT_MS = 25_000
const BULK_FROM = 10_000_000

async function refusal (response: Response, status: number): Promise<{ code: string }> {
  const text = await response.text()
  const body = JSON.parse(text)
  expectProblem({ status: response.status, headers: response.headers, body, code: body.code, text }, status)
  expect(response.headers.get('retry-after')).toBe('5')
  return body
}

/**
 * OWASP API4 for exports: each streaming export holds a database connection while its client downloads, so
 * a process streams only a few at once; the ones after wait their turn in a bounded queue, and past it they
 * are refused straight away instead of piling up.
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

    it(`streams ${EXPORTS_AT_ONCE} exports at once shared fairly, queues ${EXPORT_QUEUE} behind them (half a user's), refuses past that, and admits the queue as streams end`, async () => {
      const url = (path: string) => `${agency().stack.urls.reporting}${path}`
      const as = (role: 'admin' | 'analyst' | 'agent') => ({ authorization: `Bearer ${agency().tokens[role]}` })
      const downloads: AbortController[] = []
      const pull = async (role: 'admin' | 'analyst' | 'agent', path: string) => {
        const download = new AbortController()
        downloads.push(download)
        return await fetch(url(path), { headers: as(role), signal: download.signal })
      }
      try {
        const holders = ['analyst', 'analyst', 'admin', 'admin'] as const
        const started = await Promise.all(holders.map(async (role) => await pull(role, '/clients/export')))
        expect(started.map((response) => response.status)).toEqual(holders.map(() => 200))

        // The analyst streams their share: their next ones wait, though the admin's are no more than theirs.
        const queued = [pull('analyst', '/reports/revenue-by-client/export'), pull('analyst', '/clients/export'), pull('agent', '/clients/1/details/export'), pull('agent', '/clients/1/details/export')]
          // Those still waiting when the test ends are aborted, which rejects them.
          .map(async (response) => await response.catch(() => undefined))
        // Let them reach the queue before asking for more.
        await new Promise((resolve) => setTimeout(resolve, 1000))

        const shareUsed = await refusal(await fetch(url('/reports/revenue-by-client/export'), { headers: as('analyst') }), 429)
        expect(shareUsed).toMatchObject({ code: 'REPORTING_EXPORTS_SHARE_USED' })
        const busy = await refusal(await fetch(url('/clients/export'), { headers: as('admin') }), 503)
        expect(busy).toMatchObject({ code: 'REPORTING_EXPORTS_BUSY' })
        // The JSON reports have connections of their own and are not held up.
        expect((await fetch(url('/reports/revenue-by-client'), { headers: as('analyst') })).status).toBe(200)

        // One of the analyst's downloads ends: the first in line, their own, streams.
        downloads[0]?.abort()
        expect((await queued[0])?.status).toBe(200)
      } finally {
        for (const download of downloads) download.abort()
      }
      await eventually(async () => {
        expect((await fetch(url('/reports/revenue-by-client/export'), { headers: as('analyst') })).status).toBe(200)
      })
    })
  })
}
