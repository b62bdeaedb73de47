import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, readStream, startWebhookReceiver, type WebhookReceiver } from '@travel-crm/testkit'
import { expectStatus, startFaultStack, type FaultStack } from './support/fault-stack.js'

/** Everything personal the test gives the agency about one client; none of it may be readable after the erasure. */
const SECRETS = {
  name: 'Henrietta Quist',
  email: 'henrietta.quist@example.se',
  phone: '+46 70 999 12 34',
  company: 'Quist Konsult AB',
  note: 'claustrophobic, no window seats',
  tripNotes: 'twentieth wedding anniversary',
  traveller: 'Birgitta',
  travellerSurname: 'Quistberg',
  dateOfBirth: '1977-07-07',
  passport: 'QX7654321'
}
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const FRAGMENTS = [...Object.values(SECRETS), 'Henrietta', 'Quist', '999 12 34']

function leaks (text: string): string[] {
  return FRAGMENTS.filter((secret) => text.includes(secret))
}

/** The text of every row of every table of every service, by `schema.table`, as the superuser reads them. */
async function everyTable ({ stack }: FaultStack): Promise<Record<string, string>> {
  const tables = await stack.query<{ table_schema: string, table_name: string }>(
    'select table_schema, table_name from information_schema.tables where table_schema in (\'auth\', \'crm\', \'billing\', \'reporting\', \'webhooks\') and table_type = \'BASE TABLE\''
  )
  expect(tables.length).toBeGreaterThan(20)
  const text: Record<string, string> = {}
  for (const { table_schema: schema, table_name: table } of tables) {
    const rows = await stack.query<{ row: string }>(`select t::text as row from "${schema}"."${table}" t`)
    text[`${schema}.${table}`] = rows.map((row) => row.row).join('\n')
  }
  return text
}

/** Runs reporting's rebuild of its read models, compiled, with the settings the stack gives its processes. */
async function rebuildReadModels (stack: FaultStack['stack']): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, ['services/reporting/dist/rebuild.js'], {
      cwd: ROOT,
      env: { ...process.env, ...stack.environment.env, AUTH_URL: stack.urls.auth, LOG_LEVEL: 'warn' },
      timeout: 60_000
    }, (error, stdout, stderr) => { if (error === null) resolve(); else reject(new Error(`rebuild failed: ${stdout}${stderr}`)) })
  })
}

describe('an erasure while reporting is down', () => {
  let fault: FaultStack
  let receiver: WebhookReceiver

  beforeAll(async () => {
    receiver = await startWebhookReceiver()
    fault = await startFaultStack()
  })

  afterAll(async () => {
    await fault?.stop()
    await receiver?.close()
  })

  it('reaches reporting when it comes back, and leaves nothing personal anywhere: tables, stream, exports, audit trail', async () => {
    const { call, token, stack } = fault
    const endpoint = expectStatus(await call('POST', '/webhooks', { token, body: { url: receiver.url, events: ['crm.client.*', 'crm.traveller.*'] } }), 201, 'register an endpoint')
    receiver.secrets = [endpoint.body.secret as string]

    const client = expectStatus(await call('POST', '/clients', { token, body: { name: SECRETS.name, email: SECRETS.email, phone: SECRETS.phone, company: SECRETS.company } }), 201, 'create a client')
    const clientId = client.body.id as number
    expectStatus(await call('POST', `/clients/${clientId}/notes`, { token, body: { note: SECRETS.note } }), 201, 'write a note')
    const trip = expectStatus(await call('POST', '/trips', {
      token, body: { client_id: clientId, destination: 'Visby', start_date: '2027-06-01', end_date: '2027-06-08', price: '3000.00', currency: 'SEK', notes: SECRETS.tripNotes }
    }), 201, 'create a trip')
    expectStatus(await call('POST', `/trips/${trip.body.id as number}/travellers`, {
      token, body: { first_name: SECRETS.traveller, last_name: SECRETS.travellerSurname, date_of_birth: SECRETS.dateOfBirth, nationality: 'SE', passport_number: SECRETS.passport, passport_expiry: '2031-01-01', lead: true }
    }), 201, 'add a traveller')
    const invoice = expectStatus(await call('POST', '/invoices', { token, body: { trip_id: trip.body.id, issue_date: '2027-01-10', due_date: '2027-02-10', amount: '3000.00' } }), 201, 'invoice the trip')
    expectStatus(await call('POST', '/payments', { token, body: { invoice_id: invoice.body.id, amount: '1200.00', payment_method: 'transfer', payment_date: '2027-01-20' } }), 201, 'record a payment')

    // Everything has reached reporting, and the integrator got the client as before: opened, not sealed.
    await eventually(async () => {
      const audit = await call('GET', `/audit?client=${clientId}&limit=500`, { token })
      expect((audit.body as Array<{ entity: string }>).map((entry) => entry.entity)).toEqual(expect.arrayContaining(['client', 'note', 'trip', 'traveller', 'invoice', 'payment']))
    }, 20_000)
    await eventually(async () => { expect(receiver.received.some((request) => request.body.includes(SECRETS.name))).toBe(true) }, 20_000)
    const delivered = JSON.parse(receiver.received.find((request) => request.body.includes(SECRETS.name))?.body ?? '{}') as Record<string, unknown>
    expect(delivered).not.toHaveProperty('sealedwith')

    // GDPR article 15: one document from every service that holds something.
    const held = expectStatus(await call('GET', `/clients/${clientId}/personal-data`, { token }), 200, 'export the personal data').body as {
      crm: { client: { name: string }, notes: unknown[], trips: unknown[], travellers: Array<{ passport_number: string }> }
      billing: { client: { name: string }, invoices: unknown[], payments: Array<{ amount: string }> }
      reporting: { audit_entries: unknown[] }
    }
    expect(held.crm.client.name).toBe(SECRETS.name)
    expect(held.crm.travellers[0]?.passport_number).toBe(SECRETS.passport)
    expect([held.crm.notes.length, held.crm.trips.length, held.billing.invoices.length]).toEqual([1, 1, 1])
    expect(held.billing.client.name).toBe(SECRETS.name)
    expect(held.billing.payments.map((payment) => payment.amount)).toEqual(['1200.00'])
    expect(held.reporting.audit_entries.length).toBeGreaterThanOrEqual(6)

    // The scan below sees what it looks for: before the erasure the tables hold it, the stream never does.
    expect(leaks(Object.values(await everyTable(fault)).join('\n'))).toEqual(expect.arrayContaining([SECRETS.name, SECRETS.email, SECRETS.note, SECRETS.tripNotes]))
    expect(leaks((await readStream(stack.environment.natsUrl, stack.environment.stream)).map((message) => JSON.stringify(message.event)).join('\n'))).toEqual([])

    await stack.kill('reporting', 'SIGKILL')
    // With a holder down the document is refused whole, never given in part.
    const partial = await call('GET', `/clients/${clientId}/personal-data`, { token })
    expect(partial.status).toBe(503)
    expect(partial.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    expectStatus(await call('POST', `/clients/${clientId}/erase`, { token, body: { reason: 'The client asked to be forgotten' } }), 200, 'erase the client')
    await stack.restart('reporting')

    await eventually(async () => {
      const details = await call('GET', `/clients/${clientId}/details`, { token })
      expect(details.body).toMatchObject({ name: `Erased client ${clientId}` })
      const [erased] = await stack.query<{ n: string }>('select count(*) as n from reporting.audit_entry where action = \'erased\'')
      expect(erased?.n).toBe('1')
      const [billing] = await stack.query<{ name: string }>('select name from billing.client where id = $1', [clientId])
      expect(billing?.name).toBe(`Erased client ${clientId}`)
      expect(receiver.received.some((request) => request.body.includes('"crm.client.erased"'))).toBe(true)
    }, 30_000)

    // The read models rebuilt from the stream's start (as `services/reporting/src/rebuild.ts` does in production)
    // hold the erased client: its keys are gone, so its old events open as the erased record.
    await stack.kill('reporting')
    // A mark the rebuild must replace: what the row says afterwards comes from the stream.
    await stack.query('update reporting.client set name = \'not rebuilt\' where id = $1', [clientId])
    await rebuildReadModels(stack)
    await stack.restart('reporting')
    const [rebuilt] = await stack.query<{ name: string, email: string }>('select name, email from reporting.client where id = $1', [clientId])
    expect(rebuilt).toEqual({ name: `Erased client ${clientId}`, email: `erased-client-${clientId}@erased.invalid` })

    // Every table of every service, as the superuser sees them.
    for (const [table, rows] of Object.entries(await everyTable(fault))) expect(leaks(rows), table).toEqual([])

    // The stream, message by message as JetStream holds it.
    const stream = await readStream(stack.environment.natsUrl, stack.environment.stream)
    expect(stream.length).toBeGreaterThan(8)
    expect(leaks(stream.map((message) => JSON.stringify(message.event)).join('\n'))).toEqual([])

    // Exports and the audit trail; the money is still there.
    for (const url of [`/audit/export?client=${clientId}`, `/audit?client=${clientId}&limit=500`, '/clients/export', `/clients/${clientId}/details/export`, '/reports/revenue-by-client/export', '/reports/unpaid-invoices/export']) {
      const reply = await call('GET', url, { token })
      expect(reply.status, url).toBe(200)
      expect(leaks(reply.text), url).toEqual([])
    }
    const revenue = await call('GET', '/reports/revenue-by-client', { token })
    expect(revenue.body).toContainEqual(expect.objectContaining({ client_id: clientId, currency: 'SEK', total_revenue: '1200.00' }))
    const [erasedEntry] = (await call('GET', `/audit?entity=client&id=${clientId}&limit=1`, { token })).body as Array<Record<string, unknown>>
    expect(erasedEntry).toMatchObject({ action: 'erased', reason: 'The client asked to be forgotten' })
  }, 90_000)
})
