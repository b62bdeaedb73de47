import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caller, eventually, startStack, type Call, type Stack } from '@travel-crm/testkit'

describe('a day at the agency, through the gateway', () => {
  let stack: Stack
  const tokens: Record<'admin' | 'agent' | 'analyst', string> = { admin: '', agent: '', analyst: '' }

  let call: Call

  async function login (username: string, password: string): Promise<string> {
    const reply = await call('POST', '/login', { body: { username, password } })
    expect(reply.status, reply.text).toBe(200)
    return reply.body.access_token as string
  }

  beforeAll(async () => {
    stack = await startStack()
    call = caller(stack.gatewayUrl)
    tokens.admin = await login(stack.admin.username, stack.admin.password)
    for (const role of ['agent', 'analyst'] as const) {
      const registered = await call('POST', '/register', { token: tokens.admin, body: { username: `day-${role}`, password: `${role}-password-1`, role } })
      expect(registered.status, registered.text).toBe(201)
      tokens[role] = await login(`day-${role}`, `${role}-password-1`)
    }
  })

  afterAll(async () => {
    await stack?.stop()
  })

  it('books a client, a trip, an invoice and its payments, and the reports follow', async () => {
    const agent = tokens.agent
    const client = await call('POST', '/clients', { token: agent, body: { name: 'Zoë Ødegård', email: 'zoe@example.com', phone: '+47 555 0100', company: '=Fjord AS' } })
    expect(client.status, client.text).toBe(201)
    expect(client.headers.get('location')).toMatch(new RegExp(`/clients/${client.body.id}$`))

    const trip = await call('POST', '/trips', { token: agent, body: { client_id: client.body.id, destination: 'Lisbon', start_date: '2027-05-01', end_date: '2027-05-08', price: '1200.50', currency: 'EUR' } })
    expect(trip.status, trip.text).toBe(201)

    // Billing learns of the trip through crm's events or, if it has not yet, by asking crm.
    const invoice = await call('POST', '/invoices', { token: agent, body: { trip_id: trip.body.id, issue_date: '2027-01-10', due_date: '2035-01-10', amount: 0.6 } })
    expect(invoice.status, invoice.text).toBe(201)
    expect(invoice.body).toMatchObject({ client_id: client.body.id, currency: 'EUR', amount: '0.60', status: 'Pending' })

    for (const amount of ['0.10', '0.20', '0.30']) {
      const payment = await call('POST', '/payments', {
        token: agent,
        headers: { 'idempotency-key': `day-payment-${amount}` },
        body: { invoice_id: invoice.body.id, payment_date: '2027-02-03', amount, payment_method: 'card' }
      })
      expect(payment.status, payment.text).toBe(201)
    }
    const retried = await call('POST', '/payments', {
      token: agent,
      headers: { 'idempotency-key': 'day-payment-0.30' },
      body: { invoice_id: invoice.body.id, payment_date: '2027-02-03', amount: '0.30', payment_method: 'card' }
    })
    expect(retried.status).toBe(201)
    expect((await call('GET', `/invoices/${invoice.body.id}`, { token: agent })).body).toMatchObject({ status: 'Paid', paid_amount: '0.60' })
    const overpay = await call('POST', '/payments', { token: agent, body: { invoice_id: invoice.body.id, amount: '0.01', payment_method: 'card' } })
    expect(overpay.status).toBe(422)
    expect(overpay.headers.get('content-type')).toMatch(/^application\/problem\+json/)

    const analyst = tokens.analyst
    await eventually(async () => {
      const revenue = await call('GET', '/reports/revenue-by-client', { token: analyst })
      expect(revenue.status).toBe(200)
      expect(revenue.body).toContainEqual({ client_id: client.body.id, client_name: 'Zoë Ødegård', currency: 'EUR', total_revenue: '0.60' })
    })
    const summary = await call('GET', '/reports/invoice-summary', { token: analyst })
    expect(summary.body.paid_invoice_ids).toContain(invoice.body.id)
    const monthly = await call('GET', '/reports/monthly-revenue?year=2027&destination=lisbon', { token: analyst })
    expect(monthly.body).toContainEqual({ year: 2027, month: 2, destination: 'Lisbon', currency: 'EUR', total_revenue: '0.60' })

    const csv = await fetch(`${stack.gatewayUrl}/reports/revenue-by-client/export`, { headers: { authorization: `Bearer ${analyst}` } })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/)
    const bytes = Buffer.from(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('Zoë Ødegård')

    const statement = await eventually(async () => {
      const details = await call('GET', `/clients/${client.body.id}/details`, { token: agent })
      expect(details.body?.trips?.[0]?.invoices?.[0]?.payments).toHaveLength(3)
      return details
    })
    expect(statement.body.company).toBe('=Fjord AS')
    const exported = await (await fetch(`${stack.gatewayUrl}/clients/${client.body.id}/details/export`, { headers: { authorization: `Bearer ${agent}` } })).text()
    expect(exported).toContain('\'=Fjord AS')
  })

  it('keeps each role to its own work', async () => {
    expect((await call('GET', '/reports/monthly-revenue', { token: tokens.agent })).status).toBe(403)
    expect((await call('GET', '/reports/invoice-summary', { token: tokens.agent })).status).toBe(200)
    expect((await call('POST', '/clients', { token: tokens.analyst, body: { name: 'X', email: 'x@example.com', phone: '1' } })).status).toBe(403)
    expect((await call('DELETE', '/clients/1', { token: tokens.agent })).status).toBe(403)
    expect((await call('GET', '/clients')).status).toBe(401)
    expect((await call('GET', '/clients/export', { token: tokens.agent })).status).toBe(403)
  })

  // One with payments received is refused and archived instead (original-fields.e2e.test.ts).
  it('deleting a client without money history removes its trips and invoices everywhere', async () => {
    const agent = tokens.agent
    const client = await call('POST', '/clients', { token: agent, body: { name: 'Short Stay', email: 'short@example.com', phone: '123' } })
    const trip = await call('POST', '/trips', { token: agent, body: { client_id: client.body.id, destination: 'Porto', start_date: '2027-06-01', end_date: '2027-06-02', price: 300 } })
    const invoice = await call('POST', '/invoices', { token: agent, body: { trip_id: trip.body.id, due_date: '2035-01-01', amount: 300 } })
    expect(invoice.status, invoice.text).toBe(201)

    expect((await call('DELETE', `/clients/${client.body.id}`, { token: tokens.admin })).status).toBe(204)
    expect((await call('GET', `/trips/${trip.body.id}`, { token: agent })).status).toBe(404)
    await eventually(async () => {
      expect((await call('GET', `/invoices/${invoice.body.id}`, { token: agent })).status).toBe(404)
      expect((await call('GET', `/clients/${client.body.id}/details`, { token: agent })).status).toBe(404)
    })
  })
})
