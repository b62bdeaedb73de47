import { describe, expect, it } from 'vitest'
import { parseEventStream } from '../../src/api/live.js'
import { queryKeysOf } from '../../src/live-updates.js'

describe('the live event stream', () => {
  it('parses events, skips heartbeats and keeps an unfinished event for the next chunk', () => {
    const { events, rest } = parseEventStream('retry: 2000\n\n: heartbeat\n\nid: 7\nevent: billing.payment.recorded\ndata: {"type":"billing.payment.recorded"}\n\nid: 8\nevent: crm.cl')
    expect(events).toEqual([{ id: '7', type: 'billing.payment.recorded', data: { type: 'billing.payment.recorded' } }])
    expect(rest).toBe('id: 8\nevent: crm.cl')
    expect(parseEventStream(`${rest}ient.updated\ndata: {}\r\n\r\n`).events).toEqual([{ id: '8', type: 'crm.client.updated', data: {} }])
  })

  it('refreshes what an event makes stale', () => {
    expect(queryKeysOf('billing.payment.recorded')).toEqual(expect.arrayContaining(['invoices', 'payments', 'dashboard']))
    expect(queryKeysOf('crm.client.updated')).toContain('clients')
    expect(queryKeysOf('billing.commission.received')).toEqual(['commissions'])
    expect(queryKeysOf('auth.user.updated')).toEqual(['users'])
    expect(queryKeysOf('something.else')).toEqual([])
  })
})
