import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { ClientPayload, TravellerPayload, type CloudEvent } from '@travel-crm/contracts'
import { buildEnvelope, clientKeyring, hasPersonalFields, newClientKey, openEvent, sealEvent } from '../src/messaging/index.js'

const audit = { created_at: '2027-01-01T00:00:00.000Z', updated_at: '2027-01-01T00:00:00.000Z', created_by: 1, updated_by: 1, version: 1 }
const client: ClientPayload = { id: 42, name: 'Åsa Öberg', email: 'asa@example.se', phone: '+46 8 123', company: null, ...audit }
const traveller: TravellerPayload = {
  id: 7, trip_id: 3, client_id: 42, first_name: 'Åsa', last_name: 'Öberg', date_of_birth: '1990-02-03', nationality: 'SE',
  has_passport_number: true, passport_expiry: '2030-01-01', lead: true, ...audit
}

function event (subject: 'crm.client.created' | 'crm.traveller.created' | 'billing.invoice.created', data: unknown): CloudEvent {
  return buildEnvelope('crm', { subject, about: 'x/1', data }, { actorId: '1' })
}

describe('sealing personal fields with a client key', () => {
  const { keyId, key } = newClientKey(42)
  const keyring = clientKeyring(keyId, key)

  it('names the client in the key id, and every key is new', () => {
    expect(keyId).toMatch(/^c42-[a-z0-9]{8}$/)
    expect(newClientKey(42).keyId).not.toBe(keyId)
  })

  it('seals only the personal fields, nulls and dates included, and opens them back exactly', () => {
    for (const original of [event('crm.client.created', client), event('crm.traveller.created', traveller)]) {
      const sealed = sealEvent(original, keyring)
      expect(sealed.sealedwith).toBe(keyId)
      expect(JSON.stringify(sealed)).not.toMatch(/Åsa|Öberg|asa@example|1990-02-03|"SE"/)
      expect((sealed.data as { id: number }).id).toBe((original.data as { id: number }).id)
      expect(openEvent(sealed, keyring)).toEqual(original)
    }
  })

  it('opens without the key as the erased record, still a valid payload', () => {
    const erasedClient = openEvent(sealEvent(event('crm.client.created', client), keyring), 'erased')
    expect(erasedClient.data).toMatchObject({ name: 'Erased client 42', email: 'erased-client-42@erased.invalid', phone: '', company: null })
    expect(Value.Check(ClientPayload, erasedClient.data)).toBe(true)
    const erasedTraveller = openEvent(sealEvent(event('crm.traveller.created', traveller), keyring), 'erased')
    expect(erasedTraveller.data).toMatchObject({ first_name: 'Erased', last_name: 'Traveller', date_of_birth: null, nationality: null, has_passport_number: false })
    expect(Value.Check(TravellerPayload, erasedTraveller.data)).toBe(true)
    expect(erasedTraveller).not.toHaveProperty('sealedwith')
  })

  it('leaves records without personal fields alone', () => {
    expect(hasPersonalFields(event('billing.invoice.created', { id: 1, amount: '10.00' }))).toBe(false)
    expect(hasPersonalFields(event('crm.client.created', client))).toBe(true)
  })
})
