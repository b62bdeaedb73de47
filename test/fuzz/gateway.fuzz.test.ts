import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POLICY } from '@travel-crm/contracts'
import { faultOf, requestsFor, routesOfApiDocument, startStack, type GeneratedRequest, type RouteUnderTest, type Stack } from '@travel-crm/testkit'

/**
 * Requests per documented operation, "a few hundred each": about fifty operations × 300 requests, four at a
 * time, take about a minute on two cores next to the five processes of the stack.
 */
const REQUESTS_PER_OPERATION = 300
/** No more than reporting streams exports at once: a fifth export at the same moment is rightly a 503. */
const AT_ONCE = 4
const SEED = 20261126
/**
 * A request line past Node's 16 KiB header limit is refused with 431 and the socket closed while the client may
 * still be writing, so it can end as a reset instead of an answer; test/security checks that refusal on its own.
 */
const MAX_URL_LENGTH = 8 * 1024

interface Fault { operation: string, request: string, fault: string }

async function send (stack: Stack, request: GeneratedRequest): Promise<string | undefined> {
  const attempt = async (): Promise<Response> => await fetch(`${stack.gatewayUrl}${request.url}`, {
    method: request.method,
    headers: request.headers,
    body: request.payload,
    signal: AbortSignal.timeout(30_000)
  })
  // A pooled keep-alive connection that the gateway closes just as the next request goes out on it fails that
  // request before the gateway reads it (one request of 26,000 in some runs, on GET /healthz). HTTP clients send
  // it again on a fresh connection; so does the fuzz, once: a request that itself breaks the connection
  // breaks the second one too, and is reported.
  const response = await attempt().catch(async (error: unknown) => {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error
    return await attempt()
  })
  // The live events (`GET /live`) answer with a stream that never ends by design: its answer is its headers.
  if (response.headers.get('content-type')?.startsWith('text/event-stream') === true) {
    await response.body?.cancel()
    return response.status === 200 ? undefined : `a ${response.status} event stream`
  }
  const body = await response.text()
  return faultOf({ status: response.status, contentType: response.headers.get('content-type') ?? undefined, body })
}

describe('the whole stack under generated bad input, through the gateway', () => {
  let stack: Stack
  let authorization: string
  let operations: RouteUnderTest[]

  beforeAll(async () => {
    // Loopback is exempt from the gateway's rate limits here: the fuzz is one client sending thousands of requests.
    stack = await startStack({ env: { RATE_LIMIT_ALLOW: 'loopback' } })
    const login = await fetch(`${stack.gatewayUrl}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stack.admin) })
    authorization = `Bearer ${(await login.json() as { access_token: string }).access_token}`
    const document = await fetch(`${stack.gatewayUrl}/openapi.json`)
    expect(document.status).toBe(200)
    operations = routesOfApiDocument(await document.json() as Parameters<typeof routesOfApiDocument>[0])
    // Something to find: a client with a trip (a traveller, a booking), an invoice and a payment, a supplier, a second user.
    const headers = { authorization, 'content-type': 'application/json' }
    const post = async (url: string, body: object) => await (await fetch(`${stack.gatewayUrl}${url}`, { method: 'POST', headers, body: JSON.stringify(body) })).json() as { id: number }
    const client = await post('/clients', { name: 'Fuzz Target', email: 'fuzz@example.com', phone: '1' })
    const trip = await post('/trips', { client_id: client.id, destination: 'Oslo', start_date: '2027-01-01', end_date: '2027-01-02', price: '10.00' })
    const invoice = await post('/invoices', { trip_id: trip.id, due_date: '2035-01-01', amount: '10.00' })
    await post('/payments', { invoice_id: invoice.id, amount: '1.00', payment_method: 'card' })
    const supplier = await post('/suppliers', { name: 'Fuzz Air', kind: 'airline', default_commission_rate: '5.00' })
    await post(`/trips/${trip.id}/travellers`, { first_name: 'Fuzz', last_name: 'Target', passport_number: 'FZ1234567', lead: true })
    await post(`/trips/${trip.id}/bookings`, { supplier_id: supplier.id, description: 'One seat', start_date: '2027-01-01', cost: '1.00', sell_price: '2.00' })
    await post('/register', { username: 'fuzz-agent', password: 'an-agent-passphrase', role: 'agent' })
  })

  afterAll(async () => {
    await stack?.stop()
  })

  it('documents every route of the policy table', () => {
    const documented = new Set(operations.map((operation) => `${operation.method} ${operation.url}`))
    expect(POLICY.map((policy) => `${policy.method} ${policy.url}`).filter((route) => !documented.has(route))).toEqual([])
  })

  it(`answers ${REQUESTS_PER_OPERATION} generated requests per documented operation without a 5xx, and is still ready`, async () => {
    const perOperation = operations.map((operation) => {
      // Never user 1, the bootstrap admin whose token makes the requests.
      const ids = operation.url.startsWith('/users') ? fc.integer({ min: 2, max: 4 }) : undefined
      const generated = fc.sample(requestsFor(operation, { headers: { authorization }, ...(ids !== undefined ? { ids } : {}) }), { numRuns: REQUESTS_PER_OPERATION, seed: SEED })
      return generated
        .filter((request) => request.url.length <= MAX_URL_LENGTH)
        .map((request) => ({ operation: `${operation.method} ${operation.url}`, request }))
    })
    // Round by round across the operations, so that the requests in flight at any moment are of different kinds.
    const requests = Array.from({ length: REQUESTS_PER_OPERATION }, (_, round) => perOperation.flatMap((generated) => generated.slice(round, round + 1))).flat()
    const faults: Fault[] = []
    let next = 0
    await Promise.all(Array.from({ length: AT_ONCE }, async () => {
      while (next < requests.length) {
        const { operation, request } = requests[next++] as (typeof requests)[number]
        const fault = await send(stack, request).catch((error: unknown) => `no answer: ${String(error)} (${String((error as { cause?: unknown }).cause)})`)
        if (fault !== undefined) faults.push({ operation, request: `${request.method} ${request.url.slice(0, 200)} ${(request.payload ?? '').slice(0, 200)}`, fault })
      }
    }))
    expect(faults.slice(0, 10), `${faults.length} faults in ${requests.length} requests`).toEqual([])
    const ready = await fetch(`${stack.gatewayUrl}/readyz`)
    expect(ready.status, await ready.text()).toBe(200)
  }, 480_000)
})
