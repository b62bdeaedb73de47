import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromCents, INVOICE_STATUSES } from '@travel-crm/contracts'
import { statusOf } from '../src/entities/invoice.js'
import { searchInvoices } from '../src/invoice-search.js'
import { startBilling, type Billing } from './harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

const invoiceFacts = fc.record({
  amountCents: fc.bigInt({ min: 1n, max: 100_000n }),
  paidShare: fc.constantFrom(0, 0.5, 1),
  dueDay: fc.integer({ min: 10, max: 20 }),
  cancelled: fc.boolean()
})

describe('searchInvoices', () => {
  it('filters by status in SQL exactly as statusOf judges each invoice', async () => {
    const em = billing.app.orm.em.fork()
    const client = 880_000
    await em.execute('insert into trip (id, client_id, destination, currency, version) values (880000, ?, \'Oslo\', \'NOK\', 1)', [client])
    const today = '2030-06-15'
    let searchInvoiceNumber = 0
    await fc.assert(fc.asyncProperty(fc.array(invoiceFacts, { minLength: 1, maxLength: 12 }), async (invoices) => {
      await em.execute('delete from invoice where client_id = ?', [client])
      for (const invoice of invoices) {
        const paid = invoice.cancelled ? 0n : invoice.paidShare === 1 ? invoice.amountCents : invoice.paidShare === 0 ? 0n : invoice.amountCents / 2n
        await em.execute(
          'insert into invoice (number, trip_id, client_id, issue_date, due_date, amount, paid_amount, currency, cancelled) values (?, 880000, ?, \'2030-06-01\', ?, ?, ?, \'NOK\', ?)',
          [`SEARCH-${(searchInvoiceNumber += 1)}`, client, `2030-06-${invoice.dueDay}`, fromCents(invoice.amountCents), fromCents(paid), invoice.cancelled]
        )
      }
      const all = await searchInvoices(em.fork(), { client_id: client, limit: 500, offset: 0 }, today)
      expect(all.total).toBe(invoices.length)
      for (const status of INVOICE_STATUSES) {
        const found = await searchInvoices(em.fork(), { client_id: client, status, limit: 500, offset: 0 }, today)
        const expected = all.invoices.filter((invoice) => statusOf(invoice, today) === status).map((invoice) => invoice.id)
        expect(found.invoices.map((invoice) => invoice.id), status).toEqual(expected)
        expect(found.total).toBe(expected.length)
      }
    }), { numRuns: 25 })
  })
})
