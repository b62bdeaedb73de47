import { describe, expect, it } from 'vitest'
import { reportingUnderTest } from '../support/reporting.js'

// A database of its own: every other report test leaves rows behind.
const reporting = reportingUnderTest()

describe('reports before any event', () => {
  it('give empty lists and zero counts, exactly as JSON.stringify wrote them', async () => {
    const bodies = {
      '/reports/invoice-summary': JSON.stringify({
        total_paid: 0, paid_invoice_ids: [], total_pending: 0, pending_invoice_ids: [], total_overdue: 0, overdue_invoice_ids: [], amounts: []
      }),
      '/reports/monthly-revenue': '[]',
      '/reports/monthly-revenue?year=2031&destination=Lisbon': '[]',
      '/reports/revenue-by-client': '[]',
      '/reports/unpaid-invoices': '[]'
    }
    for (const [url, body] of Object.entries(bodies)) {
      const response = await reporting.get(url, 'analyst')
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['content-type'], url).toBe('application/json; charset=utf-8')
      expect(response.body, url).toBe(body)
    }
  })
})
