import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startBilling, type Billing } from '../harness.js'

const REPOSITORY = resolve(import.meta.dirname, '../../../..')
const LISTENER = 'examples/payment-listener/src/listener.ts'

let billing: Billing
const running = new Set<ChildProcess>()
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL')
  await billing?.close()
})

/** The listener as an integrator runs it, in a process of its own; `printed` collects its stdout lines. */
async function startListener (): Promise<{ printed: string[], stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', LISTENER], {
    cwd: REPOSITORY,
    env: {
      ...process.env,
      NATS_URL: billing.environment.natsUrl,
      NATS_STREAM: billing.environment.stream,
      NATS_SUBJECT_PREFIX: billing.environment.subjectPrefix,
      LISTENER_NAME: 'integrator-payments'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  running.add(child)
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => { running.delete(child); done(code) }))
  const printed: string[] = []
  const notes: string[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => printed.push(line))
  createInterface({ input: child.stderr! }).on('line', (line) => notes.push(line))
  await vi.waitFor(() => {
    if (!notes.some((line) => line.includes('listening for payments'))) throw new Error(`not listening yet: ${notes.join('\n')}`)
  }, { timeout: 20_000, interval: 50 })
  return {
    printed,
    stop: async () => {
      child.kill('SIGTERM')
      return await exited
    }
  }
}

function paymentIds (lines: string[]): number[] {
  return lines.map((line) => Number(/^payment (\d+):/.exec(line)?.[1]))
}

async function printedPayments (lines: string[], count: number): Promise<number[]> {
  return await vi.waitFor(() => {
    if (lines.length < count) throw new Error(`${lines.length} of ${count} payments printed`)
    return paymentIds(lines)
  }, { timeout: 20_000, interval: 50 })
}

describe('examples/payment-listener', () => {
  it('prints each payment as it happens and, restarted, exactly the ones it missed', async () => {
    const trip = billing.crm.aTrip({ client_id: 64, currency: 'EUR' })
    const invoice = await billing.anInvoice({ trip, amount: '1000.00' })
    const earlier = await billing.aPayment(invoice.id, '100.00')

    const first = await startListener()
    const live = await billing.aPayment(invoice.id, '0.10', { payment_method: 'cash' })
    expect(await printedPayments(first.printed, 2)).toEqual([earlier.id, live.id])
    expect(first.printed[1]).toBe(
      `payment ${live.id}: 0.10 EUR on invoice ${invoice.id} (trip ${trip.id}, client 64) by cash on ${live.payment_date} ` +
      `[event ${billing.feed.events.find((event) => event.subject === `payment/${live.id}`)?.id}]`
    )
    expect(await first.stop()).toBe(0)

    const whileStopped = [await billing.aPayment(invoice.id, '0.20'), await billing.aPayment(invoice.id, '0.30')]
    const second = await startListener()
    expect(await printedPayments(second.printed, 2)).toEqual(whileStopped.map((payment) => payment.id))
    const after = await billing.aPayment(invoice.id, '5.00')
    expect(await printedPayments(second.printed, 3)).toEqual([...whileStopped, after].map((payment) => payment.id))
    expect(await second.stop()).toBe(0)
    expect([...first.printed, ...second.printed]).toHaveLength(5)
  })
})
