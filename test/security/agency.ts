/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped JSON (OpenAPI and Postman documents, API replies) by key */
import { expect } from 'vitest'
import { caller, type Call, type CallOptions, type Reply, type Stack } from '@travel-crm/testkit'

/** A role's token and the calls it makes. */
export type Role = 'admin' | 'agent' | 'analyst'

/**
 * The stack as one client of the agency sees it: calls through the gateway from one client address (the
 * gateway believes loopback's `X-Forwarded-For` here), so each group of tests has rate limits of its own.
 */
export class Agency {
  readonly tokens: Record<Role, string> = { admin: '', agent: '', analyst: '' }

  constructor (readonly stack: Stack, readonly address: string) {
    this.send = caller(stack.gatewayUrl, { 'x-forwarded-for': address })
  }

  private readonly send: Call

  async call (method: string, path: string, options: CallOptions = {}): Promise<Reply> {
    return await this.send(method, path, options)
  }

  as (role: Role) {
    const token = this.tokens[role]
    return {
      get: async (path: string, headers?: Record<string, string>) => await this.call('GET', path, { token, ...(headers !== undefined ? { headers } : {}) }),
      post: async (path: string, body: unknown, headers?: Record<string, string>) => await this.call('POST', path, { token, body, ...(headers !== undefined ? { headers } : {}) }),
      patch: async (path: string, body: unknown, headers?: Record<string, string>) => await this.call('PATCH', path, { token, body, ...(headers !== undefined ? { headers } : {}) }),
      delete: async (path: string) => await this.call('DELETE', path, { token })
    }
  }

  /** Logs the bootstrap admin in, and registers and logs in an agent and an analyst of this group's own. */
  async signIn (group: string): Promise<void> {
    this.tokens.admin = await this.login(this.stack.admin.username, this.stack.admin.password)
    for (const role of ['agent', 'analyst'] as const) {
      const username = `${group}-${role}`
      const registered = await this.as('admin').post('/register', { username, password: `${username}-password`, role })
      expect(registered.status, registered.text).toBe(201)
      this.tokens[role] = await this.login(username, `${username}-password`)
    }
  }

  async login (username: string, password: string): Promise<string> {
    const reply = await this.call('POST', '/login', { body: { username, password } })
    expect(reply.status, reply.text).toBe(200)
    return reply.body.access_token as string
  }

  /** Creates through the API and returns the created resource; fails the test if it was refused. */
  async created (path: string, body: unknown, role: Role = 'agent'): Promise<any> {
    const reply = await this.as(role).post(path, body)
    expect(reply.status, reply.text).toBe(201)
    return reply.body
  }

  /** A client with a trip, an invoice and a payment on it. */
  async aBooking (client: Record<string, unknown>, trip: Record<string, unknown> = {}, payment: Record<string, unknown> = {}) {
    const created = await this.created('/clients', { phone: '+351 1', ...client })
    const booked = await this.created('/trips', { client_id: created.id, destination: 'Lisbon', start_date: '2027-05-01', end_date: '2027-05-08', price: '100.00', ...trip })
    const invoice = await this.created('/invoices', { trip_id: booked.id, issue_date: '2027-01-10', due_date: '2099-01-10', amount: '100.00' })
    const paid = await this.created('/payments', { invoice_id: invoice.id, payment_date: '2027-02-03', amount: '40.00', payment_method: 'card', ...payment })
    return { client: created, trip: booked, invoice, payment: paid }
  }
}

export function expectProblem (reply: Reply, status: number): void {
  expect(reply.status, reply.text).toBe(status)
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(reply.body).toMatchObject({ status })
}
