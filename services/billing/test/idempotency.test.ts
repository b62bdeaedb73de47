import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Invoice, Payment } from '@travel-crm/contracts'
import { purgeExpiredKeys } from '@travel-crm/service-kit/messaging'
import { startBilling, type Billing } from './harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

let keys = 0
function aKey (): string {
  return `key-${Date.now()}-${keys++}`
}

async function post (url: string, key: string, payload: object, role: 'admin' | 'agent' = 'agent') {
  return await billing.app.inject({ method: 'POST', url, headers: { ...billing.as(role), 'idempotency-key': key }, payload })
}

async function paymentsOn (invoiceId: number): Promise<Payment[]> {
  return (await billing.app.inject({ method: 'GET', url: `/payments?invoice_id=${invoiceId}`, headers: billing.as('agent') })).json<Payment[]>()
}

async function outboxEventsAbout (about: string): Promise<number> {
  const [row] = await billing.app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from outbox where envelope->>\'subject\' = ?', [about])
  return Number(row?.count)
}

describe('Idempotency-Key', () => {
  it('answers a retry with the first response, status and body, and creates nothing new', async () => {
    const invoice = await billing.anInvoice()
    const key = aKey()
    const body = { invoice_id: invoice.id, amount: '25.00', payment_method: 'card' }
    const first = await post('/payments', key, body)
    expect(first.statusCode).toBe(201)
    const outbox = await billing.count('outbox')

    const retry = await post('/payments', key, { payment_method: 'card', amount: '25.00', invoice_id: invoice.id })
    expect(retry.statusCode).toBe(201)
    expect(retry.body).toBe(first.body)
    expect(retry.headers['location']).toBe(first.headers['location'])
    expect(retry.headers['etag']).toBe(first.headers['etag'])
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(await paymentsOn(invoice.id)).toHaveLength(1)
    expect(await billing.count('outbox')).toBe(outbox)
  })

  it('refuses the same key with another body, route or user (422), creating nothing', async () => {
    const invoice = await billing.anInvoice()
    const key = aKey()
    expect((await post('/payments', key, { invoice_id: invoice.id, amount: '1.00', payment_method: 'card' })).statusCode).toBe(201)
    const before = { payments: await billing.count('payment'), invoices: await billing.count('invoice'), outbox: await billing.count('outbox') }

    const otherBody = await post('/payments', key, { invoice_id: invoice.id, amount: '2.00', payment_method: 'card' })
    expect(otherBody.statusCode).toBe(422)
    expect(otherBody.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    const otherRoute = await post('/invoices', key, { trip_id: invoice.trip_id, amount: '1.00', due_date: '2099-01-01' })
    expect(otherRoute.statusCode).toBe(422)
    const otherUser = await post('/payments', key, { invoice_id: invoice.id, amount: '1.00', payment_method: 'card' }, 'admin')
    expect(otherUser.statusCode).toBe(422)
    expect({ payments: await billing.count('payment'), invoices: await billing.count('invoice'), outbox: await billing.count('outbox') }).toEqual(before)
  })

  it('runs ten concurrent requests with one key once, answering all ten alike', async () => {
    const invoice = await billing.anInvoice()
    const key = aKey()
    const responses = await Promise.all(Array.from({ length: 10 }, async () =>
      await post('/payments', key, { invoice_id: invoice.id, amount: '3.00', payment_method: 'card' })))
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201))
    expect(new Set(responses.map((response) => response.body)).size).toBe(1)
    expect(await paymentsOn(invoice.id)).toHaveLength(1)
    expect((await billing.app.inject({ method: 'GET', url: `/invoices/${invoice.id}`, headers: billing.as('agent') })).json<Invoice>().paid_amount).toBe('3.00')
    expect(await outboxEventsAbout(`invoice/${invoice.id}`)).toBe(2)
  })

  it('lets exactly one of ten concurrent requests with one key and different bodies through', async () => {
    const invoice = await billing.anInvoice()
    const key = aKey()
    const responses = await Promise.all(Array.from({ length: 10 }, async (_, index) =>
      await post('/payments', key, { invoice_id: invoice.id, amount: `${index + 1}.00`, payment_method: 'card' })))
    const statuses = responses.map((response) => response.statusCode).sort()
    expect(statuses).toEqual([201, ...Array(9).fill(422)])
    const [payment] = await paymentsOn(invoice.id)
    expect(await paymentsOn(invoice.id)).toHaveLength(1)
    expect(responses.find((response) => response.statusCode === 201)?.json()).toEqual(payment)
  })

  it('makes a second request with a key in use wait for the first, and run once the first is rolled back', async () => {
    const invoice = await billing.anInvoice()
    const key = aKey()
    let second: Promise<Awaited<ReturnType<typeof post>>> | undefined
    await billing.app.orm.em.fork().transactional(async (em) => {
      await em.execute('insert into idempotency_key (key, fingerprint) values (?, ?)', [key, '0'.repeat(64)])
      second = post('/payments', key, { invoice_id: invoice.id, amount: '4.00', payment_method: 'card' })
      await vi.waitFor(async () => {
        const [row] = await billing.app.orm.em.fork().execute<Array<{ waiting: string }>>(
          'select count(*) as waiting from pg_stat_activity where datname = current_database() and wait_event_type = \'Lock\''
        )
        expect(Number(row?.waiting)).toBe(1)
      }, { timeout: 10_000, interval: 20 })
      await em.rollback()
    }).catch(() => undefined)
    const response = await second
    expect(response?.statusCode).toBe(201)
    expect(await paymentsOn(invoice.id)).toHaveLength(1)
  })

  it('does not keep the key of a refused request, so a corrected retry may use it', async () => {
    const invoice = await billing.anInvoice({ amount: '10.00' })
    const key = aKey()
    const keysBefore = await billing.count('idempotency_key')
    const refused = await post('/payments', key, { invoice_id: invoice.id, amount: '10.01', payment_method: 'card' })
    expect(refused.statusCode).toBe(422)
    expect(await billing.count('idempotency_key')).toBe(keysBefore)
    const corrected = await post('/payments', key, { invoice_id: invoice.id, amount: '10.00', payment_method: 'card' })
    expect(corrected.statusCode).toBe(201)
  })

  it('works for invoices too: a retry does not ask crm again nor issue a second invoice', async () => {
    const trip = billing.crm.aTrip()
    const key = aKey()
    const body = { trip_id: trip.id, amount: '80.00', due_date: '2099-01-01' }
    const first = await post('/invoices', key, body)
    const questions = billing.crm.questions
    const retry = await post('/invoices', key, body)
    expect(retry.statusCode).toBe(201)
    expect(retry.body).toBe(first.body)
    expect(billing.crm.questions).toBe(questions)
    const listed = await billing.app.inject({ method: 'GET', url: `/invoices?trip_id=${trip.id}`, headers: billing.as('agent') })
    expect(listed.json()).toHaveLength(1)
  })

  it('refuses malformed keys', async () => {
    const invoice = await billing.anInvoice()
    for (const key of ['', 'has space', 'k'.repeat(256), 'naïve']) {
      const response = await billing.app.inject({
        method: 'POST',
        url: '/payments',
        headers: { ...billing.as('agent'), 'idempotency-key': key },
        payload: { invoice_id: invoice.id, amount: '1.00', payment_method: 'card' }
      })
      expect(response.statusCode, JSON.stringify(key)).toBe(400)
    }
    expect(await paymentsOn(invoice.id)).toHaveLength(0)
  })

  it('keeps keys for at least a day and forgets them after two', async () => {
    const invoice = await billing.anInvoice()
    const key = aKey()
    const body = { invoice_id: invoice.id, amount: '1.00', payment_method: 'card' }
    const first = await post('/payments', key, body)
    const age = async (hours: number) => {
      await billing.app.orm.em.fork().execute(`update idempotency_key set created_at = now() - interval '${hours} hours' where key = ?`, [key])
    }

    await age(47)
    expect((await post('/payments', key, body)).body).toBe(first.body)
    expect(await purgeExpiredKeys(billing.app.orm.em.fork())).toBe(0)

    await age(49)
    const afterExpiry = await post('/payments', key, body)
    expect(afterExpiry.statusCode).toBe(201)
    expect(afterExpiry.json().id).not.toBe(first.json().id)
    expect(await paymentsOn(invoice.id)).toHaveLength(2)

    await age(49)
    expect(await purgeExpiredKeys(billing.app.orm.em.fork())).toBe(1)
    const [row] = await billing.app.orm.em.fork().execute<Array<{ count: string }>>('select count(*) as count from idempotency_key where key = ?', [key])
    expect(Number(row?.count)).toBe(0)
  })
})
