import { beforeAll, describe, expect, it } from 'vitest'
import { type Agency, type Role, expectProblem } from './agency.js'

interface Attempt {
  /** What the body tries to set that it should not be able to. */
  what: string
  method: 'POST' | 'PATCH'
  path: string
  body: Record<string, unknown>
  role?: Role
  status: 400 | 403
}

/**
 * OWASP API3 (object property level authorization), mass assignment: a body can set only the fields its
 * schema names. Ids, versions, audit fields, the invoice's derived status, its client and currency, a
 * payment's currency and a user's role are the server's (or an admin's) to set.
 */
export function massAssignment (agency: () => Agency): void {
  describe('mass assignment', () => {
    let booking: Awaited<ReturnType<Agency['aBooking']>>
    let note: { id: number }
    let supplier: { id: number }
    let traveller: { id: number }
    let booked: { id: number }
    let agentId: number
    const server = { id: 999, version: 99, created_by: 1, updated_by: 1, created_at: '2000-01-01T00:00:00.000Z', updated_at: '2000-01-01T00:00:00.000Z' }

    beforeAll(async () => {
      booking = await agency().aBooking({ name: 'Mass Assignment', email: 'mass@example.com' })
      note = await agency().created(`/clients/${booking.client.id}/notes`, { note: 'Calls after six' })
      supplier = await agency().created('/suppliers', { name: 'Lufthansa', kind: 'airline', default_commission_rate: 5 })
      traveller = await agency().created(`/trips/${booking.trip.id}/travellers`, { first_name: 'Eva', last_name: 'Lang', passport_number: 'C01X00T7' })
      booked = await agency().created(`/trips/${booking.trip.id}/bookings`, { supplier_id: supplier.id, description: 'FRA-LIS', start_date: '2027-05-01', cost: 100, sell_price: 120 })
      agentId = (await agency().as('agent').get('/me')).body.user_id
    })

    function attempts (): Attempt[] {
      const { client, trip, invoice, payment } = booking
      // What crm works out or keeps to itself: a trip's totals and warnings, where a passport number is sealed.
      const computed = { ...server, status_changed_at: '2000-01-01T00:00:00.000Z', totals: [], warnings: [] }
      const travellerFields = { ...server, trip_id: trip.id + 1, has_passport_number: true, passport_key_id: 'dev', passport_number_sealed: 'x', warnings: [] }
      const bookingFields = { ...server, trip_id: trip.id + 1, commission_rate: '50.00', margin: '1.00' }
      const perField = (method: 'POST' | 'PATCH', path: string, valid: Record<string, unknown>, fields: Record<string, unknown>): Attempt[] =>
        Object.entries(fields).map(([field, value]) => ({ what: field, method, path, body: { ...valid, [field]: value }, status: 400 }))
      return [
        ...perField('POST', '/clients', { name: 'Eve', email: 'eve@example.com', phone: '1' }, server),
        ...perField('PATCH', `/clients/${client.id}`, { name: 'Eve' }, server),
        ...perField('POST', '/trips', { client_id: client.id, destination: 'Rome', start_date: '2027-01-01', end_date: '2027-01-02', price: 1 }, computed),
        ...perField('PATCH', `/trips/${trip.id}`, { destination: 'Rome' }, computed),
        ...perField('POST', `/trips/${trip.id}/travellers`, { first_name: 'Eve', last_name: 'Lang' }, travellerFields),
        ...perField('PATCH', `/trips/${trip.id}/travellers/${traveller.id}`, { last_name: 'Lang' }, travellerFields),
        ...perField('POST', '/suppliers', { name: 'Iberia', kind: 'airline' }, server),
        ...perField('PATCH', `/suppliers/${supplier.id}`, { name: 'Iberia' }, server),
        ...perField('POST', `/trips/${trip.id}/bookings`, { supplier_id: supplier.id, description: 'x', start_date: '2027-05-01', cost: 1, sell_price: 1 }, bookingFields),
        ...perField('PATCH', `/trips/${trip.id}/bookings/${booked.id}`, { description: 'x' }, bookingFields),
        ...perField('POST', `/clients/${client.id}/notes`, { note: 'x' }, { ...server, client_id: client.id + 1 }),
        ...perField('PATCH', `/clients/${client.id}/notes/${note.id}`, { note: 'x' }, { ...server, client_id: client.id + 1 }),
        ...perField('POST', '/invoices', { trip_id: trip.id, due_date: '2035-01-01', amount: 5 },
          { ...server, status: 'Paid', client_id: client.id + 1, currency: 'USD', paid_amount: '5.00' }),
        ...perField('PATCH', `/invoices/${invoice.id}`, { amount: 100 },
          { ...server, status: 'Paid', client_id: client.id + 1, trip_id: trip.id + 1, currency: 'USD', paid_amount: '100.00' }),
        ...perField('POST', '/payments', { invoice_id: invoice.id, amount: 1, payment_method: 'card' }, { ...server, currency: 'USD', client_id: client.id + 1, trip_id: trip.id + 1 }),
        ...perField('PATCH', `/payments/${payment.id}`, { amount: 1 }, { ...server, currency: 'USD', invoice_id: invoice.id + 1, client_id: client.id + 1 }),
        ...perField('POST', '/register', { username: 'mallory', password: 'plausible-passphrase' }, { ...server, disabled: false, first_user: true, password_hash: 'x' })
          .map((attempt) => ({ ...attempt, role: 'admin' as const })),
        ...perField('PATCH', `/users/${agentId}`, { disabled: false }, { ...server, username: 'renamed' }).map((attempt) => ({ ...attempt, role: 'admin' as const })),
        { what: 'role, by an agent registering', method: 'POST', path: '/register', body: { username: 'mallory2', password: 'mallory-password', role: 'admin' }, role: 'agent', status: 403 },
        { what: 'role, by an agent on itself', method: 'PATCH', path: `/users/${agentId}`, body: { role: 'admin' }, role: 'agent', status: 403 },
        { what: 'a role that does not exist', method: 'POST', path: '/register', body: { username: 'mallory3', password: 'mallory-password', role: 'root' }, role: 'admin', status: 400 },
        { what: 'a status other than Cancelled', method: 'PATCH', path: `/invoices/${invoice.id}`, body: { status: 'Paid' }, status: 400 }
      ]
    }

    /** Everything a refused attempt could have changed, as the API shows it. */
    async function snapshot () {
      const admin = agency().as('admin')
      const { client, trip, invoice, payment } = booking
      const paths = [`/clients/${client.id}`, `/trips/${trip.id}`, `/trips/${trip.id}/travellers`, `/trips/${trip.id}/bookings`, '/suppliers?limit=500', `/clients/${client.id}/notes`, `/invoices/${invoice.id}`, `/payments/${payment.id}`, '/users?limit=500', '/clients?limit=1', '/trips?limit=1', '/invoices?limit=1', '/payments?limit=1']
      return await Promise.all(paths.map(async (path) => {
        const reply = await admin.get(path)
        return { path, status: reply.status, total: reply.headers.get('x-total-count'), body: reply.body }
      }))
    }

    it('refuses every body that sets a field it should not, and changes nothing', async () => {
      const before = await snapshot()
      const accepted: string[] = []
      for (const attempt of attempts()) {
        const reply = await agency().call(attempt.method, attempt.path, { token: agency().tokens[attempt.role ?? 'agent'], body: attempt.body })
        if (reply.status !== attempt.status) accepted.push(`${attempt.method} ${attempt.path} setting ${attempt.what}: ${reply.status} ${reply.text.slice(0, 200)}`)
        else expectProblem(reply, attempt.status)
      }
      expect(accepted).toEqual([])
      expect(await snapshot()).toEqual(before)
    })

    it('names the unknown field in the validation errors', async () => {
      const reply = await agency().as('agent').patch(`/invoices/${booking.invoice.id}`, { client_id: 1 })
      expectProblem(reply, 400)
      expect(reply.body.errors).toContainEqual({ path: 'body', message: 'unknown field(s): client_id' })
    })
  })
}
