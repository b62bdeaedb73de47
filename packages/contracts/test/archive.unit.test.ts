import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { archivedScope, asyncApiDocument, ClientListQuery, ClientPayload, DeletedPaymentPayload, PaymentPayload, TripListQuery } from '../src/index.js'

describe('the archived filter of a list', () => {
  it('leaves archived records out by default, shows them with `include`, and nothing else with `only`', () => {
    expect(archivedScope(undefined)).toBe('live')
    expect(archivedScope('include')).toBe('all')
    expect(archivedScope('only')).toBe('archived')
  })

  it('takes only `include` and `only` on the client and trip lists', () => {
    // limit and offset have defaults that the services fill in before the check.
    const page = { limit: 50, offset: 0 }
    for (const schema of [ClientListQuery, TripListQuery]) {
      expect(Value.Check(schema, { ...page, archived: 'include' })).toBe(true)
      expect(Value.Check(schema, { ...page, archived: 'only' })).toBe(true)
      expect(Value.Check(schema, { ...page, archived: 'exclude' })).toBe(false)
      expect(Value.Check(schema, { ...page, archived: true })).toBe(false)
    }
  })
})

describe('events around money history', () => {
  const client = { id: 1, name: 'Ana', email: 'ana@example.com', phone: '1', company: null, created_at: '2027-01-01T00:00:00.000Z', updated_at: '2027-01-01T00:00:00.000Z', created_by: 1, updated_by: 1, version: 1 }

  it('accept a client event from before archiving (no archived_at), a live one and an archived one', () => {
    expect(Value.Check(ClientPayload, client)).toBe(true)
    expect(Value.Check(ClientPayload, { ...client, archived_at: null })).toBe(true)
    expect(Value.Check(ClientPayload, { ...client, archived_at: '2027-02-01T10:00:00.000Z' })).toBe(true)
    expect(Value.Check(ClientPayload, { ...client, archived_at: 'yesterday' })).toBe(false)
  })

  it('give the deleted payment a schema of its own in the AsyncAPI document, the payment keeping its own', () => {
    const { components } = asyncApiDocument() as { components: { schemas: Record<string, unknown>, messages: Record<string, { payload: { properties: { data: { $ref: string } } } }> } }
    expect(components.messages['billing.payment.recorded']?.payload.properties.data.$ref).toBe('#/components/schemas/Payment')
    expect(components.messages['billing.payment.deleted']?.payload.properties.data.$ref).toBe('#/components/schemas/PaymentDeleted')
    expect(components.schemas['Payment']).toEqual(JSON.parse(JSON.stringify(PaymentPayload)))
    expect(components.schemas['PaymentDeleted']).toEqual(JSON.parse(JSON.stringify(DeletedPaymentPayload)))
    expect(components.messages['crm.client.archived']?.payload.properties.data.$ref).toBe('#/components/schemas/Client')
  })
})
