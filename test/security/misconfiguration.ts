import { beforeAll, describe, expect, it } from 'vitest'
import { INTERNALS } from '@travel-crm/testkit'
import type { Reply } from '@travel-crm/testkit'
import type { Agency } from './agency.js'

/** Every error the client provokes on purpose, each a different way a service or the gateway can fail. */
function provocations (agency: Agency, ids: { client: number, invoice: number }): Array<[string, () => Promise<Reply>]> {
  const { admin, agent, analyst } = agency.tokens
  const raw = (method: string, path: string, body: string, contentType = 'application/json') =>
    async () => await agency.call(method, path, { token: admin, raw: body, headers: { 'content-type': contentType } })
  return [
    ['unknown route', async () => await agency.call('GET', '/nowhere', { token: admin })],
    ['no token', async () => await agency.call('GET', '/clients')],
    ['forged token', async () => await agency.call('GET', '/clients', { token: `${admin.slice(0, -4)}AAAA` })],
    ['malformed authorization', async () => await agency.call('GET', '/clients', { headers: { authorization: 'Basic abc' } })],
    ['wrong role', async () => await agency.call('GET', '/reports/monthly-revenue', { token: agent })],
    ['wrong role on a write', async () => await agency.call('POST', '/clients', { token: analyst, body: {} })],
    ['broken JSON', raw('POST', '/clients', '{"name":')],
    ['JSON of the wrong shape', raw('POST', '/trips', '[1,2,3]')],
    ['prototype pollution', raw('POST', '/clients', '{"__proto__":{"admin":true},"name":"x","email":"p@example.com","phone":"1"}')],
    ['deeply nested JSON', raw('POST', '/invoices', `${'['.repeat(10_000)}${']'.repeat(10_000)}`)],
    ['XML', raw('POST', '/payments', '<payment/>', 'application/xml')],
    ['an empty JSON body', raw('PATCH', `/clients/${ids.client}`, '')],
    ['SQL in the id', async () => await agency.call('GET', `/clients/${encodeURIComponent('1 or 1=1')}`, { token: admin })],
    ['SQL in a filter', async () => await agency.call('GET', `/invoices?status=${encodeURIComponent('\' or 1=1 --')}`, { token: admin })],
    ['an id past the integer range', async () => await agency.call('GET', '/trips/2147483648', { token: admin })],
    ['an undecodable path', async () => await agency.call('GET', '/payments/%C0%AF', { token: admin })],
    ['an undecodable query', async () => await agency.call('GET', '/payments?from=%zz', { token: admin })],
    ['a missing record', async () => await agency.call('GET', '/invoices/2147483647', { token: admin })],
    ['a duplicate email', async () => await agency.call('POST', '/clients', { token: admin, body: { name: 'Dup', email: 'errors@example.com', phone: '1' } })],
    ['a stale If-Match', async () => await agency.call('PATCH', `/clients/${ids.client}`, { token: admin, body: { name: 'x' }, headers: { 'if-match': '"999"' } })],
    ['an overpayment', async () => await agency.call('POST', '/payments', { token: admin, body: { invoice_id: ids.invoice, amount: '999999.00', payment_method: 'card' } })],
    ['an impossible date', async () => await agency.call('POST', '/trips', { token: admin, body: { client_id: ids.client, destination: 'x', start_date: '2027-02-30', end_date: '2027-03-01', price: 1 } })],
    ['a due date before the issue date', async () => await agency.call('POST', '/invoices', { token: admin, body: { trip_id: 1, issue_date: '2027-02-01', due_date: '2027-01-01', amount: 1 } })],
    ['a NUL character', async () => await agency.call('POST', '/clients', { token: admin, body: { name: 'a\u0000b', email: 'nul@example.com', phone: '1' } })],
    ['a lone surrogate', async () => await agency.call('POST', `/clients/${ids.client}/notes`, { token: admin, raw: '{"note":"\\ud800"}' })],
    ['a reused idempotency key', async () => {
      const headers = { 'idempotency-key': 'errors-key' }
      await agency.call('POST', '/payments', { token: admin, headers, body: { invoice_id: ids.invoice, amount: '1.00', payment_method: 'card' } })
      return await agency.call('POST', '/payments', { token: admin, headers, body: { invoice_id: ids.invoice, amount: '2.00', payment_method: 'card' } })
    }],
    ['a wrong password', async () => await agency.call('POST', '/login', { body: { username: 'nobody', password: 'wrong' } })],
    ['a refresh token that was never issued', async () => await agency.call('POST', '/refresh', { body: { refresh_token: 'x'.repeat(64) } })],
    ['deleting the last admin', async () => await agency.call('DELETE', '/users/1', { token: admin })],
    ['an unknown query parameter on a report', async () => await agency.call('GET', '/reports/revenue-by-client?sort=name', { token: admin })],
    ['an export of a missing client', async () => await agency.call('GET', '/clients/2147483647/details/export', { token: admin })]
  ]
}

/**
 * OWASP API8, security misconfiguration: security headers on every answer, and no error that shows a stack
 * trace, a file path, SQL or a driver's message.
 */
export function misconfiguration (agency: () => Agency): void {
  describe('security misconfiguration', () => {
    const ids = { client: 0, invoice: 0 }

    beforeAll(async () => {
      const booking = await agency().aBooking({ name: 'Errors', email: 'errors@example.com' })
      ids.client = booking.client.id
      ids.invoice = booking.invoice.id
    })

    it('sends security headers on successes and on errors, and no X-Powered-By', async () => {
      for (const reply of [await agency().as('admin').get('/clients'), await agency().call('GET', '/clients'), await agency().call('GET', '/nowhere'), await agency().call('GET', '/readyz')]) {
        expect(reply.headers.get('x-content-type-options')).toBe('nosniff')
        expect(reply.headers.get('content-security-policy')).toContain('default-src \'none\'')
        expect(reply.headers.get('content-security-policy')).toContain('frame-ancestors \'none\'')
        expect(reply.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
        expect(reply.headers.get('x-frame-options')).toBe('SAMEORIGIN')
        expect(reply.headers.get('referrer-policy')).toBe('no-referrer')
        expect(reply.headers.get('cross-origin-opener-policy')).toBe('same-origin')
        expect(reply.headers.get('x-powered-by')).toBeNull()
        expect(reply.headers.get('access-control-allow-origin')).toBeNull()
      }
    })

    it('answers every provoked error as problem+json without stack traces, paths, SQL or driver messages', async () => {
      const leaks: string[] = []
      for (const [name, provoke] of provocations(agency(), ids)) {
        const reply = await provoke()
        // `instance` repeats the URL the client sent, which may hold what the client wrote: not a leak.
        const { instance: _instance, ...problem } = (reply.body ?? {}) as Record<string, unknown>
        const text = JSON.stringify(problem)
        if (reply.status < 400 || reply.status >= 500) leaks.push(`${name}: answered ${reply.status}`)
        else if (!/^application\/problem\+json/.test(reply.headers.get('content-type') ?? '')) leaks.push(`${name}: ${reply.status} as ${reply.headers.get('content-type')}`)
        else if (INTERNALS.test(text) || /postgres|pg_|mikro|fastify|typebox|\/work\/|\/app\//i.test(text)) leaks.push(`${name}: ${text.slice(0, 300)}`)
      }
      expect(leaks).toEqual([])
    })
  })
}
