import { beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { countChange } from '../../src/read-model-changes.js'
import { aClient } from '../support/records.js'
import { publishPaidTrip, reportingUnderTest } from '../support/reporting.js'

// One stream and no queue: a pull that needed a stream of its own while another held it would be a 503.
const reporting = reportingUnderTest({ REPORTING_EXPORT_CONNECTIONS: '1', REPORTING_EXPORT_QUEUE: '0' })
const PULLS = 10
const BULK_FROM = 10_000_000
const BULK = 100_000

describe('an export the same for everyone while the read models stand still', () => {
  let base: string

  beforeAll(async () => {
    for (let n = 0; n < 5; n += 1) await publishPaidTrip(reporting, { price: '900.00', dueDate: '2031-07-01', amount: '100.00' })
    await reporting.settled()
    base = await reporting.app.listen({ host: '127.0.0.1', port: 0 })
  })

  async function pull (path: string, signal?: AbortSignal): Promise<Response> {
    return await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${reporting.issuer.token('analyst')}` }, signal })
  }

  it(`is read once for ${PULLS} pulls at the same moment: each gets all of it through the one stream`, async () => {
    for (const path of ['/clients/export', '/reports/revenue-by-client/export']) {
      const together = await Promise.all(Array.from({ length: PULLS }, async () => {
        const response = await pull(path)
        return { status: response.status, body: await response.text() }
      }))
      expect(together.map((each) => each.status), path).toEqual(together.map(() => 200))
      const alone = await (await pull(path)).text()
      expect(alone.split('\r\n').length, path).toBeGreaterThan(5)
      for (const each of together) expect(each.body, path).toBe(alone)
    }
  })

  it('is made anew once an event moves the read models, with what the event brought', async () => {
    const before = await (await pull('/clients/export')).text()
    const client = aClient({ name: 'Newly Arrived' })
    await reporting.publish('crm.client.created', client)
    await reporting.settled()
    const after = await (await pull('/clients/export')).text()
    expect(before).not.toContain('Newly Arrived')
    expect(after).toContain('Newly Arrived')
  })

  it('holds no stream for a client that does not read it: the next export is made meanwhile, and the slow one still gets every row', async () => {
    // Tens of megabytes: more than the sockets between reporting and a client that does not read can hold.
    await reporting.app.orm.em.fork().transactional(async (em) => {
      await em.execute(`insert into client (id, name, email, phone, company, created_at, updated_at, created_by, updated_by, version)
        select ${BULK_FROM} + n, repeat('Bulk client of the shared export test ', 4) || n, 'bulk' || n || '@example.com', '+1 555 0100', 'Bulk & Co',
          now(), now(), 1, 1, 1 from generate_series(1, ${BULK}) as n`)
      // Written past the consumer, so the count is moved by hand as an event would move it.
      await countChange(em)
    })
    const download = new AbortController()
    try {
      const slow = await pull('/clients/export', download.signal)
      expect(slow.status).toBe(200)
      // Until the whole file is written the one stream is taken; after that another export gets it, while the
      // first client has not read a byte.
      await eventually(async () => {
        const other = await pull('/reports/unpaid-invoices/export')
        await other.arrayBuffer()
        expect(other.status).toBe(200)
      }, 20_000)
      const rows = (await slow.text()).split('\r\n').filter((line) => line.includes('Bulk client of the shared export test'))
      expect(rows).toHaveLength(BULK)
    } finally {
      download.abort()
    }
  })
})
