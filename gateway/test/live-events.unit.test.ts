import { describe, expect, it } from 'vitest'
import { mayWatch } from '../src/live-events.js'

describe('what each role may watch on /live', () => {
  it('shows clients, trips, notes, invoices and payments to every role', () => {
    for (const role of ['admin', 'agent', 'analyst'] as const) {
      expect(mayWatch(role, 'crm.client.updated'), role).toBe(true)
      expect(mayWatch(role, 'billing.payment.recorded'), role).toBe(true)
    }
  })

  it('keeps users and webhook endpoints to admins', () => {
    for (const subject of ['auth.user.updated', 'webhooks.endpoint.disabled']) {
      expect(mayWatch('admin', subject), subject).toBe(true)
      expect(mayWatch('agent', subject), subject).toBe(false)
      expect(mayWatch('analyst', subject), subject).toBe(false)
    }
  })

  it('shows nothing outside the stream catalogue, even to admins', () => {
    expect(mayWatch('admin', 'elsewhere.thing.happened')).toBe(false)
  })
})
