import { describe, expect, it } from 'vitest'
import { toCsv } from '../../src/csv.js'
import { STATEMENT_COLUMNS } from '../../src/reports/client-statement.js'
import { aClient, aNote, aPayment, aTrip, anInvoice, nextId } from '../support/records.js'
import { TODAY, reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

/** Parses the RFC 4180 text the exports write (quoted fields may hold commas, quotes and line breaks). */
function parseCsv (text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { field += '"'; i++ } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') { row.push(field); field = '' } else if (char === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++ } else field += char
  }
  return rows
}

function records (csv: string): Array<Record<string, string>> {
  const [header = [], ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''))
  return rows.map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])))
}

async function aClientWithHistory () {
  const client = aClient({ name: 'Zoë Ødegård', company: '=cmd|\' /C calc\'!A0' })
  const notes = [aNote(client, { note: 'Vegetarian, "no" nuts' }), aNote(client, { note: 'Likes\nmountains' })]
  const trip = aTrip(client, { destination: 'Tromsø', price: '2400.00', currency: 'NOK' })
  const emptyTrip = aTrip(client, { destination: 'Bergen', price: '300.00', currency: 'NOK' })
  const invoice = anInvoice(trip, { amount: '2400.00', due_date: '2031-06-14' })
  const cancelled = anInvoice(trip, { amount: '100.00', status: 'Cancelled' })
  const payments = [aPayment(invoice, { amount: '1000.00', payment_date: '2031-06-01' }), aPayment(invoice, { amount: '400.50', reference: 'TX-9' })]
  await reporting.publish('crm.client.created', client)
  for (const note of notes) await reporting.publish('crm.note.created', note)
  await reporting.publish('crm.trip.created', trip)
  await reporting.publish('crm.trip.created', emptyTrip)
  await reporting.publish('billing.invoice.created', invoice)
  await reporting.publish('billing.invoice.created', cancelled)
  for (const payment of payments) await reporting.publish('billing.payment.recorded', payment)
  await reporting.settled()
  return { client, notes, trip, emptyTrip, invoice, cancelled, payments }
}

describe('client details', () => {
  it('nests notes, and trips with their invoices with their payments, as the original does', async () => {
    const { client, notes, trip, emptyTrip, invoice, cancelled, payments } = await aClientWithHistory()

    const response = await reporting.get(`/clients/${client.id}/details`, 'agent')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      id: client.id,
      name: 'Zoë Ødegård',
      email: client.email,
      phone: client.phone,
      company: client.company,
      created_at: client.created_at,
      updated_at: client.updated_at,
      notes: notes.map((note) => ({ id: note.id, note: note.note, timestamp: note.created_at, updated_at: note.updated_at })),
      trips: [
        {
          id: trip.id,
          destination: 'Tromsø',
          start_date: trip.start_date,
          end_date: trip.end_date,
          price: '2400.00',
          currency: 'NOK',
          notes: null,
          invoices: [
            {
              id: invoice.id,
              number: null,
              issue_date: invoice.issue_date,
              due_date: '2031-06-14',
              amount: '2400.00',
              paid: '1400.50',
              balance: '999.50',
              currency: 'NOK',
              status: 'Overdue',
              payments: payments.map((payment) => ({
                id: payment.id,
                amount: payment.amount,
                currency: 'NOK',
                payment_method: 'card',
                payment_date: payment.payment_date,
                reference: payment.reference
              }))
            },
            {
              id: cancelled.id,
              number: null,
              issue_date: cancelled.issue_date,
              due_date: cancelled.due_date,
              amount: '100.00',
              paid: '0.00',
              balance: '100.00',
              currency: 'NOK',
              status: 'Cancelled',
              payments: []
            }
          ]
        },
        { id: emptyTrip.id, destination: 'Bergen', start_date: emptyTrip.start_date, end_date: emptyTrip.end_date, price: '300.00', currency: 'NOK', notes: null, invoices: [] }
      ]
    })
  })

  it('answers 404 for a client it does not know and 400 for an id that is not one', async () => {
    const missing = await reporting.get('/clients/999999/details', 'analyst')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('REPORTING_CLIENT_NOT_FOUND')
    expect((await reporting.get('/clients/999999/details/export', 'analyst')).statusCode).toBe(404)
    expect((await reporting.get('/clients/abc/details', 'analyst')).statusCode).toBe(400)
    expect((await reporting.app.inject({ method: 'GET', url: '/clients/1/details' })).statusCode).toBe(401)
  })
})

describe('client exports', () => {
  it('exports one client\'s statement as a CSV attachment, one row per record, formulas neutralised', async () => {
    const { client, notes, trip, emptyTrip, invoice, cancelled, payments } = await aClientWithHistory()

    const response = await reporting.get(`/clients/${client.id}/details/export`, 'agent')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="client_${client.id}_details.csv"`)
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))

    const rows = records(response.rawPayload.toString('utf8'))
    expect(rows.map((row) => [row['record'], row['note_id'] || row['payment_id'] || row['invoice_id'] || row['trip_id'] || row['client_id']])).toEqual([
      ['client', String(client.id)],
      ['note', String(notes[0]?.id)],
      ['note', String(notes[1]?.id)],
      ['trip', String(trip.id)],
      ['invoice', String(invoice.id)],
      ['payment', String(payments[0]?.id)],
      ['payment', String(payments[1]?.id)],
      ['invoice', String(cancelled.id)],
      ['trip', String(emptyTrip.id)]
    ])
    expect(rows[0]).toMatchObject({ client_name: 'Zoë Ødegård', company: '\'=cmd|\' /C calc\'!A0' })
    expect(rows[1]?.['note']).toBe('Vegetarian, "no" nuts')
    expect(rows[2]?.['note']).toBe('Likes\nmountains')
    expect(rows[4]).toMatchObject({ trip_id: String(trip.id), amount: '2400.00', paid: '1400.50', balance: '999.50', status: 'Overdue', currency: 'NOK' })
    expect(rows[6]).toMatchObject({ trip_id: String(trip.id), invoice_id: String(invoice.id), amount: '400.50', reference: 'TX-9' })
  })

  it('exports every client, each followed by its records, and only to admins and analysts', async () => {
    const first = await aClientWithHistory()
    const second = await aClientWithHistory()

    expect((await reporting.get('/clients/export', 'agent')).statusCode).toBe(403)
    const response = await reporting.get('/clients/export', 'analyst')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toBe('attachment; filename="all_clients_export.csv"')
    const rows = records(response.rawPayload.toString('utf8'))
    const clientRows = rows.filter((row) => row['record'] === 'client').map((row) => Number(row['client_id']))
    expect(clientRows).toEqual([...clientRows].sort((a, b) => a - b))
    const ofFirst = rows.filter((row) => row['client_id'] === String(first.client.id))
    const ofSecond = rows.filter((row) => row['client_id'] === String(second.client.id))
    expect(ofFirst).toHaveLength(9)
    expect(ofSecond).toHaveLength(9)
    expect(rows.indexOf(ofFirst[8] as Record<string, string>) + 1).toBe(rows.indexOf(ofSecond[0] as Record<string, string>))
  })

  it('writes every record as the CSV writer would write its row, whatever its text holds, orphans in their place', async () => {
    const texts = ['=1+1', '-2+3', '-25.00', '@SUM(A1)', '\tcmd', '\rcmd', 'a,b', 'said "hi"', 'two\nlines', 'cr\ronly', 'crlf\r\nend', '', 'it\'s', 'C:\\path', '東京 Łódź']
    const text = (index: number) => texts[index % texts.length] as string
    const clients = texts.map((_, index) => aClient({ name: text(index), email: text(index + 1), phone: text(index + 2), company: index % 4 === 0 ? null : text(index + 3) }))
    for (const [index, client] of clients.entries()) {
      const trip = aTrip(client, { destination: text(index + 5), notes: index % 3 === 0 ? null : text(index + 6) })
      const invoice = anInvoice(trip)
      await reporting.publish('crm.client.created', client)
      await reporting.publish('crm.note.created', aNote(client, { note: text(index + 4) }))
      await reporting.publish('crm.trip.created', trip)
      await reporting.publish('billing.invoice.created', invoice)
      await reporting.publish('billing.payment.recorded', aPayment(invoice, { payment_method: text(index + 7), reference: index % 5 === 0 ? null : text(index + 8) }))
    }
    // Records whose parent never arrived (or was deleted) are exported too, where their keys sort them.
    const [first] = clients as [typeof clients[0]]
    const unknownTrip = aTrip(first)
    const orphanInvoice = anInvoice(unknownTrip)
    const orphanPayment = aPayment({ ...orphanInvoice, id: nextId() })
    await reporting.publish('billing.invoice.created', orphanInvoice)
    await reporting.publish('billing.payment.recorded', orphanPayment)
    await reporting.settled()

    const response = await reporting.get('/clients/export', 'analyst')
    expect(response.statusCode).toBe(200)
    const rows = records(response.rawPayload.toString('utf8'))
    // Postgres writes the records; the text is byte for byte what the CSV writer makes of the same rows.
    const written: Buffer[] = []
    for await (const chunk of toCsv((async function * () { yield rows })(), STATEMENT_COLUMNS)) written.push(Buffer.from(chunk))
    expect(response.rawPayload.equals(Buffer.concat(written))).toBe(true)

    const ofFirst = rows.filter((row) => row['client_id'] === String(first.id))
    expect(ofFirst.map((row) => row['record'])).toEqual(['client', 'note', 'trip', 'invoice', 'payment', 'invoice', 'payment'])
    expect(ofFirst[0]).toMatchObject({ client_name: '\'=1+1', email: '\'-2+3', phone: '-25.00', company: '' })
    expect(ofFirst[5]).toMatchObject({ trip_id: String(unknownTrip.id), invoice_id: String(orphanInvoice.id) })
    expect(ofFirst[6]).toMatchObject({ trip_id: String(unknownTrip.id), invoice_id: String(orphanPayment.invoice_id), payment_id: String(orphanPayment.id) })
    const byName = new Map(rows.filter((row) => row['record'] === 'client').map((row) => [row['client_id'], row['client_name']]))
    expect(clients.map((client) => byName.get(String(client.id)))).toEqual(texts.map((value) => /^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value) ? `'${value}` : value))
  })

  it('streams more rows than one cursor batch holds', async () => {
    const client = aClient()
    const trip = aTrip(client)
    const invoice = anInvoice(trip, { amount: '9999999.00', due_date: TODAY })
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('billing.invoice.created', invoice)
    const count = 600
    await Promise.all(Array.from({ length: count }, async () => await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '1.00' }))))
    await reporting.settled(90_000)

    const response = await reporting.get(`/clients/${client.id}/details/export`, 'admin')
    const rows = records(response.rawPayload.toString('utf8'))
    expect(rows.filter((row) => row['record'] === 'payment')).toHaveLength(count)
    expect(rows.find((row) => row['record'] === 'invoice')).toMatchObject({ paid: '600.00', status: 'Partially Paid' })
  }, 120_000)
})
