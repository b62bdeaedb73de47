import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import type { Invoice } from '@travel-crm/contracts'
import { takeInvoiceNumber } from '../src/invoice-numbers.js'
import { InvoiceNumbers20261205010000 } from '../src/migrations/20261205010000-invoice-numbers.js'
import { startBilling, type Billing } from './harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

async function issue (issueDate: string): Promise<Invoice> {
  return await billing.anInvoice({ issue_date: issueDate, due_date: `${issueDate.slice(0, 4)}-12-31` })
}

async function withDatabase<Result> (work: (client: pg.Client) => Promise<Result>): Promise<Result> {
  const client = new pg.Client({ connectionString: billing.environment.databaseUrl })
  await client.connect()
  try { return await work(client) } finally { await client.end() }
}

const sequenceOf = (invoice: Invoice) => Number(invoice.number.split('-')[1])

describe('invoice numbers', () => {
  it('number each year from 1 on, in the year of issue', async () => {
    const first = await issue('2031-03-01')
    const second = await issue('2031-01-15')
    const nextYear = await issue('2032-01-02')
    expect([first.number, second.number, nextYear.number]).toEqual(['2031-000001', '2031-000002', '2032-000001'])
    const read = await billing.app.inject({ method: 'GET', url: `/invoices/${first.id}`, headers: billing.as('analyst') })
    expect(read.json<Invoice>().number).toBe('2031-000001')
    const created = await billing.feed.waitFor((event) => event.type === 'billing.invoice.created' && event.subject === `invoice/${first.id}`)
    expect(created.data).toMatchObject({ number: '2031-000001' })
  })

  it('give 40 concurrent creates 40 different numbers without a gap', async () => {
    const invoices = await Promise.all(Array.from({ length: 40 }, async () => await issue('2033-06-01')))
    expect(invoices.map(sequenceOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
  })

  it('leave no gap when a transaction dies between taking a number and committing', async () => {
    const before = await issue('2034-02-01')
    const killed = billing.app.orm.em.fork().transactional(async (em) => {
      expect(await takeInvoiceNumber(em, '2034-02-02', '{year}-{seq:6}')).toBe('2034-000002')
      const [session] = await em.execute<Array<{ pid: number }>>('select pg_backend_pid() as pid')
      await withDatabase(async (client) => { await client.query('select pg_terminate_backend($1)', [session?.pid]) })
      await em.execute('select 1')
    })
    await expect(killed).rejects.toThrow()
    // A refused create (its trip unknown to crm) after the number would be taken rolls back the same way.
    const refused = await billing.app.inject({ method: 'POST', url: '/invoices', headers: billing.as('agent'), payload: { trip_id: 999_999, issue_date: '2034-02-03', due_date: '2034-12-31', amount: '5.00' } })
    expect(refused.statusCode).toBe(404)
    const after = await issue('2034-02-04')
    expect([before.number, after.number]).toEqual(['2034-000001', '2034-000002'])
  })

  it('keep its number on a cancelled invoice', async () => {
    const invoice = await issue('2035-01-10')
    const cancelled = await billing.app.inject({ method: 'PATCH', url: `/invoices/${invoice.id}`, headers: billing.as('agent'), payload: { status: 'Cancelled' } })
    expect(cancelled.json()).toMatchObject({ status: 'Cancelled', number: invoice.number })
    expect((await issue('2035-01-11')).number).toBe('2035-000002')
  })

  it('are given by the migration to invoices that existed before, in order of issue', async () => {
    const migration = new InvoiceNumbers20261205010000(billing.app.orm.em.getDriver(), billing.app.orm.config)
    await migration.up()
    const numbered = await withDatabase(async (client) => {
      await client.query('create schema numbering_before')
      try {
        await client.query('set search_path = numbering_before')
        await client.query('create table invoice (id integer primary key, issue_date date not null)')
        await client.query(`insert into invoice values (1, '2029-05-01'), (2, '2028-12-31'), (3, '2029-01-01'), (4, '2029-05-01')`)
        for (const query of migration.getQueries()) await client.query(typeof query === 'string' ? query : query.toString())
        const invoices = await client.query<{ id: number, number: string }>('select id, number from invoice order by id')
        const counters = await client.query<{ year: number, last_number: number }>('select year, last_number from invoice_number_counter order by year')
        return { invoices: invoices.rows, counters: counters.rows }
      } finally {
        await client.query('drop schema numbering_before cascade')
      }
    })
    expect(numbered.invoices).toEqual([
      { id: 1, number: '2029-000002' }, { id: 2, number: '2028-000001' }, { id: 3, number: '2029-000001' }, { id: 4, number: '2029-000003' }
    ])
    expect(numbered.counters).toEqual([{ year: 2028, last_number: 1 }, { year: 2029, last_number: 3 }])
  })
})
