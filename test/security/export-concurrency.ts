import { beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { type Agency, expectProblem } from './agency.js'

/** As many as reporting's exports pool has connections. */
const EXPORTS_AT_ONCE = 4
/** The stack of these tests sets `REPORTING_EXPORT_QUEUE` to this: each user may hold half of it. */
export const EXPORT_QUEUE = 4
/**
 * And `REPORTING_EXPORT_WAIT_MS` to this, its most: the queue must still be there when the exports that hold
 * the streams are let go, however busy the machine.
 */
export const EXPORT_WAIT_MS = 25_000
/**
 * What the exports read but the check of a client's existence, which runs before an export waits its turn. While
 * the test holds them locked, every export that took a stream waits in its query, holding its stream.
 */
const LOCKED = ['note', 'trip', 'invoice', 'payment', 'revenue_by_client', 'revenue_by_month', 'invoice_totals', 'booking', 'commission', 'traveller', 'supplier', 'trip_money', 'commission_totals']
const HOLD = 'select pg_sleep(120) /* the export test holds the read models */'

async function refusal (response: Response, status: number): Promise<{ code: string }> {
  const text = await response.text()
  const body = JSON.parse(text)
  expectProblem({ status: response.status, headers: response.headers, body, code: body.code, text }, status)
  expect(response.headers.get('retry-after')).toBe('5')
  return body
}

/**
 * OWASP API4 for exports: each export holds a database connection while the database is read for it, so a
 * process reads only a few at once; the ones after wait their turn in a bounded queue, and past it they are
 * refused straight away instead of piling up. A client that downloads slowly, or not at all, holds none: what
 * it has not read yet waits in a file.
 */
export function exportConcurrency (agency: () => Agency): void {
  describe('export concurrency', () => {
    let clients: number[] = []

    beforeAll(async () => {
      clients = await Promise.all([1, 2].map(async (n) => (await agency().created('/clients', { name: `Export Queue ${n}`, email: `export-queue-${n}@example.com`, phone: '+1 555 0100' })).id as number))
      // The details exports check the client in reporting before they queue.
      await eventually(async () => {
        for (const id of clients) expect((await agency().call('GET', `/clients/${id}/details`, { token: agency().tokens.analyst })).status).toBe(200)
      })
    })

    it(`reads ${EXPORTS_AT_ONCE} exports at once shared fairly, queues ${EXPORT_QUEUE} behind them (half a user's), refuses past that, and admits the queue as reads end, whether or not their clients read`, async () => {
      const { stack } = agency()
      const url = (path: string) => `${stack.urls.reporting}${path}`
      const as = (role: 'admin' | 'analyst' | 'agent') => ({ authorization: `Bearer ${agency().tokens[role]}` })
      const downloads: AbortController[] = []
      const pull = async (role: 'admin' | 'analyst' | 'agent', path: string) => {
        const download = new AbortController()
        downloads.push(download)
        return await fetch(url(path), { headers: as(role), signal: download.signal })
      }
      const holding = stack.query(`begin; lock table ${LOCKED.map((table) => `reporting.${table}`).join(', ')} in access exclusive mode; ${HOLD}; commit`)
        .catch(() => undefined)
      const letGo = async () => { await stack.query('select pg_cancel_backend(pid) from pg_stat_activity where query like $1 and pid <> pg_backend_pid()', [`%${HOLD}%`]) }
      try {
        await eventually(async () => {
          expect(await stack.query('select 1 from pg_stat_activity where query like $1 and wait_event = \'PgSleep\' and pid <> pg_backend_pid()', [`%${HOLD}%`])).toHaveLength(1)
        })
        // Distinct exports: pulls of the same one at the same count would share its read.
        const holders = [['analyst', '/reports/revenue-by-client/export'], ['analyst', '/reports/unpaid-invoices/export'], ['admin', '/reports/invoice-summary/export'], ['admin', '/reports/monthly-revenue/export']] as const
        const started = await Promise.all(holders.map(async ([role, path]) => await pull(role, path)))
        expect(started.map((response) => response.status)).toEqual(holders.map(() => 200))

        // The analyst reads their share: their next ones wait, though the admin's are no more than theirs.
        const queued = [pull('analyst', '/reports/invoices/export'), pull('analyst', '/clients/export'), ...clients.map(async (id) => await pull('agent', `/clients/${id}/details/export`))]
          // Those still waiting when the test ends are aborted, which rejects them.
          .map(async (response) => await response.catch(() => undefined))
        // Let them reach the queue before asking for more.
        await new Promise((resolve) => setTimeout(resolve, 1000))

        const shareUsed = await refusal(await fetch(url('/reports/pipeline/export'), { headers: as('analyst') }), 429)
        expect(shareUsed).toMatchObject({ code: 'REPORTING_EXPORTS_SHARE_USED' })
        const busy = await refusal(await fetch(url('/reports/departures/export'), { headers: as('admin') }), 503)
        expect(busy).toMatchObject({ code: 'REPORTING_EXPORTS_BUSY' })
        // Other reads have connections of their own and are not held up.
        expect((await fetch(url('/audit?limit=1'), { headers: as('admin') })).status).toBe(200)

        // The reads go on and end; none of the four clients has read a byte, yet the queue streams.
        await letGo()
        expect((await Promise.all(queued)).map((response) => response?.status)).toEqual([200, 200, 200, 200])
        for (const response of started) expect((await response.text()).split('\r\n').length).toBeGreaterThan(1)
      } finally {
        await letGo()
        await holding
        for (const download of downloads) download.abort()
      }
    })
  })
}
