import { beforeAll, describe, expect, it } from 'vitest'
import { POLICY } from '@travel-crm/contracts'
import { type Agency, expectProblem } from './agency.js'

/**
 * OWASP API4, unrestricted resource consumption: pages, bodies, strings, URLs and headers all have limits,
 * and going over one is a clear 4xx that stores nothing.
 */
export function resourceLimits (agency: () => Agency): void {
  describe('resource limits', () => {
    let client: { id: number }
    let invoice: { id: number }

    beforeAll(async () => {
      const booking = await agency().aBooking({ name: 'Limits', email: 'limits@example.com' })
      client = booking.client
      invoice = booking.invoice
    })

    const paged = () => POLICY.filter((policy) => policy.method === 'GET' && ['/clients', '/trips', '/invoices', '/payments', '/users', '/clients/:id/notes', '/reports/unpaid-invoices'].includes(policy.url))
      .map((policy) => policy.url.replace(':id', String(client.id)))

    it('pages hold at most 500 items', async () => {
      const admin = agency().as('admin')
      expect(paged()).toHaveLength(7)
      for (const path of paged()) {
        expectProblem(await admin.get(`${path}?limit=501`), 400)
        expectProblem(await admin.get(`${path}?limit=0`), 400)
        expect((await admin.get(`${path}?limit=500`)).status, path).toBe(200)
      }
    })

    it('refuses a body over the service limit (256 KB) and over the gateway limit (1 MB) with 413', async () => {
      const before = (await agency().as('admin').get('/clients?limit=1')).headers.get('x-total-count')
      for (const size of [300 * 1024, 2 * 1024 * 1024]) {
        const reply = await agency().call('POST', '/clients', { token: agency().tokens.agent, raw: JSON.stringify({ name: 'x', email: 'big@example.com', phone: '1', company: 'x'.repeat(size) }) })
        expectProblem(reply, 413)
      }
      expect((await agency().as('admin').get('/clients?limit=1')).headers.get('x-total-count')).toBe(before)
    })

    it('refuses each string one character over its limit, naming the field', async () => {
      const over = (length: number) => 'a'.repeat(length + 1)
      const cases: Array<[string, string, Record<string, unknown>, string]> = [
        ['POST', '/clients', { name: over(100), email: 'a@example.com', phone: '1' }, 'name'],
        ['POST', '/clients', { name: 'a', email: `${over(250)}@x.io`, phone: '1' }, 'email'],
        ['POST', '/clients', { name: 'a', email: 'b@example.com', phone: over(30) }, 'phone'],
        ['POST', '/clients', { name: 'a', email: 'c@example.com', phone: '1', company: over(100) }, 'company'],
        ['PATCH', `/clients/${client.id}`, { name: over(100) }, 'name'],
        ['POST', '/trips', { client_id: client.id, destination: over(100), start_date: '2027-01-01', end_date: '2027-01-02', price: 1 }, 'destination'],
        ['POST', '/trips', { client_id: client.id, destination: 'Rome', start_date: '2027-01-01', end_date: '2027-01-02', price: 1, notes: over(5000) }, 'notes'],
        ['POST', `/clients/${client.id}/notes`, { note: over(5000) }, 'note'],
        ['POST', '/payments', { invoice_id: invoice.id, amount: 1, payment_method: over(50) }, 'payment_method'],
        ['POST', '/payments', { invoice_id: invoice.id, amount: 1, payment_method: 'card', reference: over(100) }, 'reference'],
        ['POST', '/payments', { invoice_id: invoice.id, amount: `1${'0'.repeat(20)}`, payment_method: 'card' }, 'amount'],
        ['POST', '/register', { username: over(80), password: 'long-enough-password' }, 'username'],
        ['POST', '/register', { username: 'longpass', password: over(200) }, 'password'],
        ['POST', '/login', { username: over(200), password: 'x' }, 'username']
      ]
      const admin = agency().tokens.admin
      for (const [method, path, body, field] of cases) {
        const reply = await agency().call(method, path, { token: admin, body })
        expectProblem(reply, 400)
        expect(reply.body.errors.map((error: { path: string }) => error.path), `${method} ${path} ${field}`).toContain(`body/${field}`)
      }
      expect((await agency().as('admin').get(`/clients/${client.id}`)).body.name).toBe('Limits')
    })

    it('refuses filters longer than a name can be', async () => {
      expectProblem(await agency().as('admin').get(`/clients?name=${'a'.repeat(101)}`), 400)
    })

    it('answers headers and URLs over 16 KB with 431 problem+json', async () => {
      expectProblem(await agency().call('GET', '/clients', { token: agency().tokens.admin, headers: { 'x-padding': 'x'.repeat(20_000) } }), 431)
      expectProblem(await agency().call('GET', `/clients?name=${'a'.repeat(20_000)}`, { token: agency().tokens.admin }), 431)
    })
  })
}
