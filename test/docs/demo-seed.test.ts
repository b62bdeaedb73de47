/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped JSON (OpenAPI and Postman documents, API replies) by key */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startStack, type Stack } from '@travel-crm/testkit'
import { runConsistencyCheck } from '../faults/support/fault-stack.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const COUNTED = ['/users', '/clients', '/trips', '/invoices', '/payments'] as const

interface Run { code: number | null, stdout: string, stderr: string }

/** `pnpm demo:seed` as a user runs it: its own process, talking to the gateway only. */
async function runSeed (env: Record<string, string | undefined>): Promise<Run> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'scripts/demo-seed.ts'], { cwd: ROOT, env: env as NodeJS.ProcessEnv })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, stdout, stderr }
}

describe('pnpm demo:seed', () => {
  let stack: Stack
  let adminToken: string

  async function get (path: string, token = adminToken): Promise<{ body: any, total: number }> {
    const response = await fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status, path).toBe(200)
    return { body: await response.json(), total: Number(response.headers.get('x-total-count')) }
  }

  async function counts (): Promise<Record<string, number>> {
    return Object.fromEntries(await Promise.all(COUNTED.map(async (path) => [path, (await get(`${path}?limit=1`)).total] as const)))
  }

  function seedEnv (): Record<string, string | undefined> {
    return {
      ...process.env,
      GATEWAY_URL: stack.gatewayUrl,
      BOOTSTRAP_ADMIN_USERNAME: stack.admin.username,
      BOOTSTRAP_ADMIN_PASSWORD: stack.admin.password,
      DEMO_CLIENTS: '12',
      DEMO_TRIPS: '40'
    }
  }

  beforeAll(async () => {
    stack = await startStack({ env: { LOG_LEVEL: 'warn' } })
    const login = await fetch(`${stack.gatewayUrl}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) })
    adminToken = (await login.json() as { access_token: string }).access_token
  })

  afterAll(async () => {
    await stack?.stop()
  })

  it('fills the stack with an agency once; a second run adds nothing', async () => {
    const first = await runSeed(seedEnv())
    expect(first.code, first.stderr + first.stdout).toBe(0)
    const seeded = await counts()
    expect(seeded).toMatchObject({ '/users': 4, '/clients': 12 })
    expect(seeded['/trips']).toBeGreaterThanOrEqual(35)
    expect(seeded['/invoices']).toBeGreaterThanOrEqual(25)
    expect(seeded['/payments']).toBeGreaterThanOrEqual(15)
    for (const role of ['admin', 'agent', 'analyst']) expect(first.stdout).toMatch(new RegExp(`${role}\\s+demo\\.${role}\\s+demo-${role}-password`))

    expect((await get('/settings/agency')).body).toMatchObject({ legal_name: 'Nordresor Åkesson AB', version: 1 })

    const second = await runSeed(seedEnv())
    expect(second.code, second.stderr + second.stdout).toBe(0)
    expect(await counts()).toEqual(seeded)
    expect((await get('/settings/agency')).body).toMatchObject({ version: 1 })
  })

  it('gives invoices paid in full, in part, and overdue, for trips to many places in the last year and the next half', async () => {
    const invoices = (await get('/invoices?limit=500')).body as Array<{ status: string, amount: string, paid_amount: string }>
    const statuses = new Set(invoices.map((invoice) => invoice.status))
    expect([...statuses]).toEqual(expect.arrayContaining(['Paid', 'Partially Paid', 'Overdue']))
    expect(invoices.some((invoice) => invoice.status === 'Overdue' && invoice.paid_amount !== '0.00')).toBe(true)
    // Trips far ahead are billed as a deposit and a balance.
    expect(invoices.some((invoice) => (invoice as unknown as { installments: unknown[] }).installments.length === 2)).toBe(true)
    const commissions = (await get('/commissions?status=Received&limit=500')).body as Array<{ received: string }>
    expect(commissions.length).toBeGreaterThanOrEqual(1)

    const trips = (await get('/trips?limit=500')).body as Array<{ destination: string, start_date: string }>
    expect(new Set(trips.map((trip) => trip.destination)).size).toBeGreaterThan(10)
    const today = new Date().toISOString().slice(0, 10)
    expect(trips.some((trip) => trip.start_date < today)).toBe(true)
    expect(trips.some((trip) => trip.start_date > today)).toBe(true)
    const days = trips.map((trip) => (Date.parse(trip.start_date) - Date.parse(today)) / 86_400_000)
    expect(Math.min(...days)).toBeGreaterThanOrEqual(-366)
    expect(Math.max(...days)).toBeLessThanOrEqual(184)
  })

  it('walks trips through the pipeline, with their travellers and what was booked with real airlines and hotels', async () => {
    const trips = (await get('/trips?limit=500')).body as Array<{ id: number, client_id: number, status: string, totals: any[], warnings: any[] }>
    expect([...new Set(trips.map((trip) => trip.status))]).toEqual(expect.arrayContaining(['completed', 'booked']))
    expect(trips.some((trip) => trip.status === 'inquiry' || trip.status === 'quoted')).toBe(true)
    expect(trips.some((trip) => trip.warnings.some((warning) => warning.code === 'PASSPORT_EXPIRES_TOO_SOON'))).toBe(true)
    const suppliers = (await get('/suppliers?limit=500')).body as Array<{ name: string }>
    expect(suppliers.map((supplier) => supplier.name)).toEqual(expect.arrayContaining(['TAP Air Portugal', 'Lufthansa', 'Hotel Adlon Kempinski', 'Pestana Palace Lisboa']))

    const sold = trips.find((trip) => trip.status === 'booked' && trip.totals.length > 0)
    expect(sold).toBeDefined()
    expect(Number(sold?.totals[0].margin)).toBeGreaterThan(0)
    const bookings = (await get(`/trips/${sold?.id}/bookings`)).body as Array<{ status: string, commission: string }>
    expect(bookings.length).toBeGreaterThanOrEqual(2)
    expect(bookings.every((booking) => booking.status === 'confirmed' && Number(booking.commission) > 0)).toBe(true)
    const travellers = (await get(`/trips/${sold?.id}/travellers`)).body as Array<{ lead: boolean, client_id: number | null, passport_number: string }>
    expect(travellers[0]).toMatchObject({ lead: true, client_id: sold?.client_id, passport_number: expect.stringMatching(/^[A-Z]{2}\d{7}$/) })
  })

  it('brings in inquiries that were booked, lost or are still open, for the pipeline report', async () => {
    // Reporting follows crm through events: the report agrees with the trips once it has caught up.
    const trips = (await get('/trips?limit=500')).body as Array<{ status: string }>
    await eventually(async () => {
      const report = (await get('/reports/pipeline')).body as { statuses: Array<{ status: string, trips: number }>, months: Array<{ inquiries: number, booked: number, cancelled: number, open: number }> }
      expect(Object.fromEntries(report.statuses.map((row) => [row.status, row.trips])))
        .toEqual(Object.fromEntries(['inquiry', 'quoted', 'booked', 'completed', 'cancelled'].map((status) => [status, trips.filter((trip) => trip.status === status).length])))
      const month = report.months.at(-1)
      expect(month?.booked).toBeGreaterThan(0)
      expect(month?.open).toBeGreaterThan(0)
      expect(month?.inquiries).toBe((month?.booked ?? 0) + (month?.cancelled ?? 0) + (month?.open ?? 0))
    })
  })

  it('leaves reporting agreeing with crm on every trip\'s status, which check:consistency compares', async () => {
    const agreed = await runConsistencyCheck(stack.environment.databaseUrl, 30)
    expect(agreed.code, agreed.output).toBe(0)
    const [trip] = await stack.query<{ id: number }>('update reporting.trip set status = \'cancelled\' where id = (select min(id) from reporting.trip where status <> \'cancelled\') returning id')
    try {
      const differs = await runConsistencyCheck(stack.environment.databaseUrl)
      expect(differs.code, differs.output).toBe(1)
      expect(differs.output).toMatch(new RegExp(`trip statuses \\| trip_id=${trip?.id} status=cancelled +\\| trips +\\| \\(none\\) +\\| 1`))
    } finally {
      await stack.query('update reporting.trip t set status = c.status from crm.trip c where c.id = t.id and t.id = $1', [trip?.id])
    }
  })

  it('prints working credentials for one user of each role', async () => {
    for (const role of ['admin', 'agent', 'analyst']) {
      const login = await fetch(`${stack.gatewayUrl}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `demo.${role}`, password: `demo-${role}-password` })
      })
      const { access_token: token } = await login.json() as { access_token: string }
      expect((await get('/me', token)).body).toMatchObject({ username: `demo.${role}`, role })
    }
  })

  it('says what is missing when no admin credentials are given, and touches nothing', async () => {
    const before = await counts()
    const run = await runSeed({ ...seedEnv(), BOOTSTRAP_ADMIN_USERNAME: undefined, BOOTSTRAP_ADMIN_PASSWORD: undefined })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD')
    expect(await counts()).toEqual(before)
  })
})
