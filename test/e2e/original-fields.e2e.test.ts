import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caller, eventually, startStack, type Call, type Reply, type Stack } from '@travel-crm/testkit'
import { ORIGINAL_API } from '../../gateway/test/original-api.js'

/**
 * The field names the original Flask API answered on each of its routes, written out by hand. The services may
 * answer more (versions, currencies, audit fields); these must stay, under these names, or clients of the
 * original break. `csv` lists a CSV's header cells, `array` the fields of each element, `none` an empty answer.
 */
type Answer = { kind: 'object' | 'array' | 'csv', fields: string[] } | { kind: 'none' }

const CLIENT = ['id', 'name', 'email', 'phone', 'company', 'created_at', 'updated_at']
const TRIP = ['id', 'client_id', 'destination', 'start_date', 'end_date', 'price', 'notes', 'created_at', 'updated_at']
const NOTE = ['id', 'client_id', 'note', 'timestamp']
const INVOICE = ['id', 'trip_id', 'issue_date', 'due_date', 'amount', 'status']
const PAYMENT = ['id', 'invoice_id', 'amount', 'payment_date', 'payment_method']
const USER = ['id', 'username', 'role']
const STATEMENT_CSV = ['client_id', 'client_name', 'email', 'phone', 'company', 'note', 'note_timestamp', 'trip_id', 'destination',
  'start_date', 'end_date', 'invoice_id', 'issue_date', 'due_date', 'status', 'payment_id', 'payment_date', 'payment_method', 'amount']

const ORIGINAL_ANSWERS: Record<string, Answer> = {
  'GET /roles': { kind: 'none' },
  'POST /register': { kind: 'object', fields: USER },
  'POST /login': { kind: 'object', fields: ['access_token', 'refresh_token'] },
  'POST /refresh': { kind: 'object', fields: ['access_token', 'refresh_token'] },
  'POST /logout': { kind: 'none' },
  'GET /me': { kind: 'object', fields: ['username', 'role'] },
  'POST /me/password': { kind: 'none' },
  'GET /users': { kind: 'array', fields: USER },
  'PATCH /users/:id': { kind: 'object', fields: USER },
  'DELETE /users/:id': { kind: 'none' },
  'GET /clients': { kind: 'array', fields: CLIENT },
  'POST /clients': { kind: 'object', fields: CLIENT },
  'GET /clients/:id': { kind: 'object', fields: CLIENT },
  'PATCH /clients/:id': { kind: 'object', fields: CLIENT },
  'DELETE /clients/:id': { kind: 'none' },
  'GET /trips': { kind: 'array', fields: TRIP },
  'POST /trips': { kind: 'object', fields: TRIP },
  'GET /trips/:id': { kind: 'object', fields: TRIP },
  'PATCH /trips/:id': { kind: 'object', fields: TRIP },
  'DELETE /trips/:id': { kind: 'none' },
  'GET /clients/:id/notes': { kind: 'array', fields: NOTE },
  'POST /clients/:id/notes': { kind: 'object', fields: NOTE },
  'PATCH /clients/:id/notes/:noteId': { kind: 'object', fields: NOTE },
  'DELETE /clients/:id/notes/:noteId': { kind: 'none' },
  'GET /invoices': { kind: 'array', fields: INVOICE },
  'POST /invoices': { kind: 'object', fields: INVOICE },
  'GET /invoices/:id': { kind: 'object', fields: INVOICE },
  'GET /invoice/:id': { kind: 'object', fields: INVOICE },
  'PATCH /invoices/:id': { kind: 'object', fields: INVOICE },
  'DELETE /invoices/:id': { kind: 'none' },
  'GET /payments': { kind: 'array', fields: PAYMENT },
  'POST /payments': { kind: 'object', fields: PAYMENT },
  'GET /payments/:id': { kind: 'object', fields: PAYMENT },
  'GET /payment/:id': { kind: 'object', fields: PAYMENT },
  'PATCH /payments/:id': { kind: 'object', fields: PAYMENT },
  'DELETE /payments/:id': { kind: 'none' },
  'GET /clients/:id/details': { kind: 'object', fields: ['id', 'name', 'email', 'phone', 'company', 'notes', 'trips'] },
  'GET /clients/:id/details/export': { kind: 'csv', fields: STATEMENT_CSV },
  'GET /clients/export': { kind: 'csv', fields: STATEMENT_CSV },
  'GET /reports/invoice-summary': { kind: 'object', fields: ['total_paid', 'paid_invoice_ids', 'total_pending', 'pending_invoice_ids', 'total_overdue', 'overdue_invoice_ids'] },
  'GET /reports/invoice-summary/export': { kind: 'csv', fields: ['Status', 'Invoice IDs', 'Total Count'] },
  'GET /reports/monthly-revenue': { kind: 'array', fields: ['year', 'month', 'total_revenue'] },
  'GET /reports/monthly-revenue/export': { kind: 'csv', fields: ['year', 'month', 'total_revenue'] },
  'GET /reports/revenue-by-client': { kind: 'array', fields: ['client_id', 'client_name', 'total_revenue'] },
  'GET /reports/revenue-by-client/export': { kind: 'csv', fields: ['client_id', 'client_name', 'total_revenue'] },
  'GET /reports/unpaid-invoices': { kind: 'array', fields: ['invoice_id', 'trip_id', 'client_id', 'due_date', 'amount', 'status'] },
  'GET /reports/unpaid-invoices/export': { kind: 'csv', fields: ['invoice_id', 'due_date', 'amount', 'status'] }
}

function checkAnswer (route: string, reply: Reply, answer: Answer): void {
  expect(reply.status, `${route}: ${reply.text.slice(0, 300)}`).toBeLessThan(300)
  if (answer.kind === 'none') return
  if (answer.kind === 'csv') {
    const header = reply.text.replace(/^\uFEFF/, '').split('\r\n')[0]?.split(',') ?? []
    expect(header, route).toEqual(expect.arrayContaining(answer.fields))
    return
  }
  const records = answer.kind === 'array' ? reply.body as object[] : [reply.body as object]
  expect(records.length, `${route} answers at least one record to look at`).toBeGreaterThan(0)
  for (const record of records) expect(Object.keys(record), route).toEqual(expect.arrayContaining(answer.fields))
}

describe('the original API\'s field names, and money history, through the gateway', () => {
  let stack: Stack
  let call: Call
  const token: Record<'admin' | 'agent' | 'analyst', string> = { admin: '', agent: '', analyst: '' }
  let refreshToken = ''
  const ids = { user: 0, client: 0, trip: 0, note: 0, invoice: 0, payment: 0, spareClient: 0, spareTrip: 0, spareNote: 0, spareInvoice: 0, sparePayment: 0 }
  const replies = new Map<string, Reply>()

  async function login (username: string, password: string): Promise<Reply> {
    const reply = await call('POST', '/login', { body: { username, password } })
    expect(reply.status, reply.text).toBe(200)
    return reply
  }

  beforeAll(async () => {
    stack = await startStack()
    call = caller(stack.gatewayUrl)
    const adminLogin = await login(stack.admin.username, stack.admin.password)
    token.admin = adminLogin.body.access_token as string
    const admin = token.admin
    for (const role of ['agent', 'analyst'] as const) {
      const registered = await call('POST', '/register', { token: admin, body: { username: `original-${role}`, password: `${role}-password-1`, role } })
      replies.set('POST /register', registered)
      token[role] = (await login(`original-${role}`, `${role}-password-1`)).body.access_token as string
    }
    const own = await login('original-agent', 'agent-password-1')
    replies.set('POST /login', own)
    refreshToken = own.body.refresh_token as string
    const spareUser = await call('POST', '/register', { token: admin, body: { username: 'original-spare', password: 'spare-password-1', role: 'agent' } })
    ids.user = spareUser.body.id as number

    const agent = token.agent
    const made = async (route: string, path: string, body: object): Promise<number> => {
      const reply = await call('POST', path, { token: agent, body })
      expect(reply.status, reply.text).toBe(201)
      replies.set(route, reply)
      return reply.body.id as number
    }
    ids.client = await made('POST /clients', '/clients', { name: 'Ana Pereira', email: 'ana.original@example.com', phone: '+351 21 555 0142', company: 'Pereira Lda' })
    ids.spareClient = await made('POST /clients', '/clients', { name: 'Rui Costa', email: 'rui.original@example.com', phone: '+351 21 555 0143' })
    const trip = { client_id: ids.client, destination: 'Lisbon', start_date: '2027-05-01', end_date: '2027-05-08', price: '1200.50' }
    ids.trip = await made('POST /trips', '/trips', trip)
    ids.spareTrip = await made('POST /trips', '/trips', { ...trip, client_id: ids.spareClient })
    ids.note = await made('POST /clients/:id/notes', `/clients/${ids.client}/notes`, { note: 'Prefers aisle seats' })
    ids.spareNote = await made('POST /clients/:id/notes', `/clients/${ids.client}/notes`, { note: 'A note to delete' })
    // One invoice is paid in part and overdue, one pending; every report then has a row to show.
    ids.invoice = await made('POST /invoices', '/invoices', { trip_id: ids.trip, issue_date: '2026-01-10', due_date: '2026-02-10', amount: '1200.50' })
    ids.spareInvoice = await made('POST /invoices', '/invoices', { trip_id: ids.spareTrip, due_date: '2035-01-10', amount: '100.00' })
    ids.payment = await made('POST /payments', '/payments', { invoice_id: ids.invoice, amount: '400.00', payment_method: 'card', payment_date: '2026-02-01' })
    ids.sparePayment = await made('POST /payments', '/payments', { invoice_id: ids.invoice, amount: '1.00', payment_method: 'cash' })
    // The reports are read models: wait until they hold the payment.
    await eventually(async () => {
      const revenue = await call('GET', '/reports/revenue-by-client', { token: token.analyst })
      expect(revenue.body).toContainEqual(expect.objectContaining({ client_id: ids.client, total_revenue: '401.00' }))
      const unpaid = await call('GET', '/reports/unpaid-invoices', { token: token.analyst })
      expect((unpaid.body as Array<{ invoice_id: number }>).map((row) => row.invoice_id)).toContain(ids.invoice)
    })
  })

  afterAll(async () => { await stack?.stop() })

  /** How each original route is called; the creates were made before, on the way to data for the rest. */
  const requests: Record<string, () => Promise<Reply>> = {
    'GET /roles': async () => await call('GET', '/roles'),
    'POST /refresh': async () => await call('POST', '/refresh', { body: { refresh_token: refreshToken } }),
    'POST /logout': async () => await call('POST', '/logout', { body: { refresh_token: (await login('original-analyst', 'analyst-password-1')).body.refresh_token as string } }),
    'GET /me': async () => await call('GET', '/me', { token: token.analyst }),
    'POST /me/password': async () => await call('POST', '/me/password', { token: (await login('original-spare', 'spare-password-1')).body.access_token as string, body: { current_password: 'spare-password-1', new_password: 'spare-password-2' } }),
    'GET /users': async () => await call('GET', '/users', { token: token.admin }),
    'PATCH /users/:id': async () => await call('PATCH', `/users/${ids.user}`, { token: token.admin, body: { role: 'analyst' } }),
    'GET /clients': async () => await call('GET', '/clients', { token: token.analyst }),
    'GET /clients/:id': async () => await call('GET', `/clients/${ids.client}`, { token: token.analyst }),
    'PATCH /clients/:id': async () => await call('PATCH', `/clients/${ids.client}`, { token: token.agent, body: { company: 'Pereira & Filhos' } }),
    'GET /trips': async () => await call('GET', '/trips', { token: token.analyst }),
    'GET /trips/:id': async () => await call('GET', `/trips/${ids.trip}`, { token: token.analyst }),
    'PATCH /trips/:id': async () => await call('PATCH', `/trips/${ids.trip}`, { token: token.agent, body: { notes: 'Window seats' } }),
    'GET /clients/:id/notes': async () => await call('GET', `/clients/${ids.client}/notes`, { token: token.analyst }),
    'PATCH /clients/:id/notes/:noteId': async () => await call('PATCH', `/clients/${ids.client}/notes/${ids.note}`, { token: token.agent, body: { note: 'Prefers aisle seats, vegetarian' } }),
    'DELETE /clients/:id/notes/:noteId': async () => await call('DELETE', `/clients/${ids.client}/notes/${ids.spareNote}`, { token: token.admin }),
    'GET /invoices': async () => await call('GET', '/invoices', { token: token.analyst }),
    'GET /invoices/:id': async () => await call('GET', `/invoices/${ids.invoice}`, { token: token.analyst }),
    'GET /invoice/:id': async () => await call('GET', `/invoice/${ids.invoice}`, { token: token.analyst }),
    'PATCH /invoices/:id': async () => await call('PATCH', `/invoices/${ids.spareInvoice}`, { token: token.agent, body: { due_date: '2035-02-10' } }),
    'GET /payments': async () => await call('GET', '/payments', { token: token.analyst }),
    'GET /payments/:id': async () => await call('GET', `/payments/${ids.payment}`, { token: token.analyst }),
    'GET /payment/:id': async () => await call('GET', `/payment/${ids.payment}`, { token: token.analyst }),
    'PATCH /payments/:id': async () => await call('PATCH', `/payments/${ids.payment}`, { token: token.agent, body: { reference: 'TX-1' } }),
    'GET /clients/:id/details': async () => await call('GET', `/clients/${ids.client}/details`, { token: token.analyst }),
    'GET /clients/:id/details/export': async () => await call('GET', `/clients/${ids.client}/details/export`, { token: token.analyst }),
    'GET /clients/export': async () => await call('GET', '/clients/export', { token: token.analyst }),
    'GET /reports/invoice-summary': async () => await call('GET', '/reports/invoice-summary', { token: token.analyst }),
    'GET /reports/invoice-summary/export': async () => await call('GET', '/reports/invoice-summary/export', { token: token.analyst }),
    'GET /reports/monthly-revenue': async () => await call('GET', '/reports/monthly-revenue?year=2026', { token: token.analyst }),
    'GET /reports/monthly-revenue/export': async () => await call('GET', '/reports/monthly-revenue/export', { token: token.analyst }),
    'GET /reports/revenue-by-client': async () => await call('GET', '/reports/revenue-by-client', { token: token.analyst }),
    'GET /reports/revenue-by-client/export': async () => await call('GET', '/reports/revenue-by-client/export', { token: token.analyst }),
    'GET /reports/unpaid-invoices': async () => await call('GET', '/reports/unpaid-invoices', { token: token.analyst }),
    'GET /reports/unpaid-invoices/export': async () => await call('GET', '/reports/unpaid-invoices/export', { token: token.analyst }),
    'DELETE /payments/:id': async () => await call('DELETE', `/payments/${ids.sparePayment}?reason=entered%20twice`, { token: token.admin }),
    'DELETE /invoices/:id': async () => await call('DELETE', `/invoices/${ids.spareInvoice}`, { token: token.admin }),
    'DELETE /trips/:id': async () => await call('DELETE', `/trips/${ids.spareTrip}`, { token: token.admin }),
    'DELETE /clients/:id': async () => await call('DELETE', `/clients/${ids.spareClient}`, { token: token.admin }),
    'DELETE /users/:id': async () => await call('DELETE', `/users/${ids.user}`, { token: token.admin })
  }

  it('names every route of the original, each one in the gateway\'s list of the original API', () => {
    const original = new Set(ORIGINAL_API.map((route) => `${route.method} ${route.url}`))
    for (const route of Object.keys(ORIGINAL_ANSWERS)) expect(original.has(route), route).toBe(true)
    for (const route of Object.keys(ORIGINAL_ANSWERS)) expect(replies.has(route) || route in requests, route).toBe(true)
    for (const route of Object.keys(requests)) expect(route in ORIGINAL_ANSWERS, route).toBe(true)
  })

  // Deletes last, in the order of `requests`: each takes records that the routes before it read.
  const deletes = Object.keys(requests).filter((route) => route.startsWith('DELETE '))
  const order = [...Object.keys(ORIGINAL_ANSWERS).filter((route) => !deletes.includes(route)), ...deletes]
  for (const route of order) {
    const answer: Answer = ORIGINAL_ANSWERS[route] ?? { kind: 'object', fields: ['a route the original did not have'] }
    it(`${route} answers the original's field names`, async () => {
      const reply = replies.get(route) ?? await requests[route]?.()
      if (reply === undefined) throw new Error(`no request for ${route}`)
      checkAnswer(route, reply, answer)
    })
  }

  // Last: it archives the client every route above read.
  it('keeps money history across the services: a paid client is refused delete, archived, billed no more, and restored', async () => {
    const { admin, agent, analyst } = token
    // crm knows of the payment from billing's event, long since published.
    const refused = await call('DELETE', `/clients/${ids.client}`, { token: admin })
    expect(refused.status, refused.text).toBe(409)
    expect(refused.code).toBe('CRM_CLIENT_HAS_PAYMENTS')
    expect((await call('DELETE', `/trips/${ids.trip}`, { token: admin })).code).toBe('CRM_TRIP_HAS_PAYMENTS')

    expect((await call('POST', `/clients/${ids.client}/archive`, { token: agent })).body.archived_at).toEqual(expect.any(String))
    expect((await call('GET', '/clients', { token: analyst })).body.map((client: { id: number }) => client.id)).not.toContain(ids.client)
    expect((await call('GET', '/clients?archived=only', { token: analyst })).body.map((client: { id: number }) => client.id)).toEqual([ids.client])
    await eventually(async () => {
      const invoice = await call('POST', '/invoices', { token: agent, body: { trip_id: ids.trip, due_date: '2035-01-10', amount: '10.00' } })
      expect(invoice.code).toBe('BILLING_CLIENT_ARCHIVED')
    })
    expect((await call('POST', '/payments', { token: agent, body: { invoice_id: ids.invoice, amount: '1.00', payment_method: 'card' } })).code).toBe('BILLING_CLIENT_ARCHIVED')
    const revenue = await call('GET', '/reports/revenue-by-client', { token: analyst })
    expect(revenue.body).toContainEqual(expect.objectContaining({ client_id: ids.client, total_revenue: '400.00' }))

    await call('POST', `/clients/${ids.client}/restore`, { token: agent })
    await eventually(async () => {
      const payment = await call('POST', '/payments', { token: agent, headers: { 'idempotency-key': 'original-after-restore' }, body: { invoice_id: ids.invoice, amount: '1.00', payment_method: 'card' } })
      expect(payment.status, payment.text).toBe(201)
    })
  })
})
