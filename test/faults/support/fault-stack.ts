import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { STACK_PROCESSES, startNatsServer, startPostgresServer, startStack, type NatsServer, type PostgresServer, type Stack } from '@travel-crm/testkit'
import { caller, type Call, type Reply } from '@travel-crm/testkit'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** A whole stack on a Postgres and a nats-server of its own, which the test may stop, kill and restart. */
export interface FaultStack {
  stack: Stack
  nats: NatsServer
  postgres: PostgresServer
  /** Calls the gateway (or, with `baseUrl`, a process directly). */
  call: Call
  /** An admin's access token, from auth through the gateway. */
  token: string
  stop: () => Promise<void>
}

export async function startFaultStack (options: Omit<NonNullable<Parameters<typeof startStack>[0]>, 'infrastructure'> = {}): Promise<FaultStack> {
  const [nats, postgres] = await Promise.all([startNatsServer(), startPostgresServer()])
  let stack: Stack
  try {
    stack = await startStack({
      ...options,
      infrastructure: { databaseUrl: postgres.url, natsUrl: nats.url },
      // Load comes from one address: the gateway must not take it for an attack.
      env: { RATE_LIMIT_ALLOW: 'loopback', TEST_LOG_LEVEL: 'info', ...options.env }
    })
  } catch (error) {
    await Promise.all([nats.kill(), postgres.destroy()])
    throw error
  }
  const call = caller(stack.gatewayUrl)
  const login = await call('POST', '/login', { body: { username: stack.admin.username, password: stack.admin.password } })
  if (login.status !== 200) throw new Error(`admin login failed: ${login.text}`)
  return {
    stack,
    nats,
    postgres,
    call,
    token: login.body.access_token as string,
    stop: async () => {
      keepLogs(stack)
      // The stack removes its database and stream, so both servers must be up for it.
      await Promise.all([nats.start(), postgres.start()])
      await stack.stop()
      await Promise.all([nats.kill(), postgres.destroy()])
    }
  }
}

/** With `FAULT_LOGS_DIR` set, each process's log outlives the stack, to read what it did when a fault test failed. */
function keepLogs (stack: Stack): void {
  const dir = process.env['FAULT_LOGS_DIR']
  if (dir === undefined || dir === '') return
  mkdirSync(dir, { recursive: true })
  const run = `${Date.now()}`
  for (const name of STACK_PROCESSES) {
    for (let replica = 0; replica < stack.replicaUrls[name].length; replica += 1) {
      writeFileSync(join(dir, `${run}-${name}-${replica + 1}.log`), stack.logs(name, replica))
    }
  }
}

export interface Consistency { code: number, output: string }

/** Runs `pnpm check:consistency` (the script itself) against the stack's database. */
export async function checkConsistency (stack: Stack, waitSeconds = 0): Promise<Consistency> {
  return await runConsistencyCheck(stack.environment.databaseUrl, waitSeconds)
}

export async function runConsistencyCheck (databaseUrl: string, waitSeconds = 0): Promise<Consistency> {
  return await new Promise((resolve) => {
    execFile(process.execPath, ['--conditions=development', '--import', 'tsx', 'scripts/check-consistency.ts', '--wait', String(waitSeconds)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      timeout: (waitSeconds + 60) * 1000
    }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, output: `${stdout}${stderr}` })
    })
  })
}

/** Fails with the reply in the message, so a broken step says what it got. */
export function expectStatus (reply: Reply, status: number, what: string): Reply {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status} ${reply.text}`)
  return reply
}

export interface Booking { clientId: number, tripId: number, invoiceIds: number[] }

/**
 * A client with one trip and its invoices, each large enough to take many small payments. Billing learns of
 * the trip from crm before the invoices are made (through events or by asking crm).
 */
export async function aBooking (fault: Pick<FaultStack, 'call' | 'token'>, name: string, options: { invoices?: number, destination?: string, currency?: string } = {}): Promise<Booking> {
  const { call, token } = fault
  const client = expectStatus(await call('POST', '/clients', { token, body: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`, phone: '+351 555 0100' } }), 201, 'create a client')
  const trip = expectStatus(await call('POST', '/trips', {
    token,
    body: { client_id: client.body.id, destination: options.destination ?? 'Lisbon', start_date: '2027-05-01', end_date: '2027-05-08', price: '9000.00', currency: options.currency ?? 'EUR' }
  }), 201, 'create a trip')
  const invoiceIds: number[] = []
  for (let n = 0; n < (options.invoices ?? 1); n += 1) {
    const invoice = expectStatus(await call('POST', '/invoices', { token, body: { trip_id: trip.body.id, issue_date: '2027-01-10', due_date: '2035-01-10', amount: '5000.00' } }), 201, 'create an invoice')
    invoiceIds.push(invoice.body.id as number)
  }
  return { clientId: client.body.id as number, tripId: trip.body.id as number, invoiceIds }
}
