import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deflateSync } from 'node:zlib'
import type { AgencyPayload } from '@travel-crm/contracts'
import { startBilling, type Billing } from '../harness.js'

let billing: Billing
beforeAll(async () => { billing = await startBilling() })
afterAll(async () => { await billing?.close() })

/** A real 1×1 PNG: signature, IHDR, IDAT, IEND (CRCs are not checked by the service, so they are left 0). */
function tinyPng (): string {
  const chunk = (type: string, data: Buffer) => Buffer.concat([Buffer.alloc(4, 0), Buffer.from(type), data, Buffer.alloc(4, 0)])
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
  header.writeUInt32BE(1, 0)
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))), chunk('IEND', Buffer.alloc(0))])
  return png.toString('base64')
}

const settings = {
  legal_name: '  Nordresor Åkesson AB ',
  address: 'Götgatan 12\n116 46 Stockholm',
  vat_number: 'SE556677889901',
  iban: 'se45 5000 0000 0583 9825 7466',
  bic: 'essesess',
  email: 'office@nordresor.example',
  phone: '+46 8 555 010 20'
}

async function put (payload: object, role: 'admin' | 'agent' = 'admin', headers: Record<string, string> = {}) {
  return await billing.app.inject({ method: 'PUT', url: '/settings/agency', headers: { ...billing.as(role), ...headers }, payload })
}

describe('/settings/agency', () => {
  it('is not set until an admin sets it; agents read it, analysts may not', async () => {
    const before = await billing.app.inject({ method: 'GET', url: '/settings/agency', headers: billing.as('agent') })
    expect(before.statusCode).toBe(404)
    expect(before.json()).toMatchObject({ code: 'BILLING_AGENCY_NOT_SET' })
    expect((await put(settings, 'agent')).statusCode).toBe(403)
    expect((await billing.app.inject({ method: 'GET', url: '/settings/agency', headers: billing.as('analyst') })).statusCode).toBe(403)
  })

  it('stores the details trimmed and normalised, answers them with an ETag and announces them', async () => {
    const response = await put({ ...settings, logo: { media_type: 'image/png', data: tinyPng() }, invoice_number_format: 'NR/{year}/{seq:4}' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['etag']).toBe('"1"')
    const agency = response.json<AgencyPayload>()
    expect(agency).toMatchObject({
      legal_name: 'Nordresor Åkesson AB',
      iban: 'SE4550000000058398257466',
      bic: 'ESSESESS',
      invoice_footer: null,
      invoice_number_format: 'NR/{year}/{seq:4}',
      logo: { media_type: 'image/png', data: tinyPng() },
      version: 1
    })
    const read = await billing.app.inject({ method: 'GET', url: '/settings/agency', headers: billing.as('agent') })
    expect(read.json()).toEqual(agency)
    const event = await billing.feed.waitFor((event) => event.type === 'billing.agency.updated')
    expect(event.data).toEqual(agency)
    // New invoices take the format from here on; the year's sequence goes on.
    const invoice = await billing.anInvoice({ issue_date: '2036-01-05', due_date: '2036-02-05' })
    expect(invoice.number).toBe('NR/2036/0001')
  })

  it('replaces the whole settings, honouring If-Match', async () => {
    expect((await put({ ...settings, invoice_footer: 'Bankgiro 123-4567' }, 'admin', { 'if-match': '"7"' })).statusCode).toBe(412)
    const response = await put({ ...settings, invoice_footer: 'Bankgiro 123-4567' }, 'admin', { 'if-match': '"1"' })
    expect(response.json()).toMatchObject({ invoice_footer: 'Bankgiro 123-4567', logo: null, invoice_number_format: '{year}-{seq:6}', version: 2 })
  })

  it('refuses a wrong IBAN, a format without the sequence and a logo that is not what it claims', async () => {
    const cases: Array<[object, string]> = [
      [{ ...settings, iban: 'SE45 5000 0000 0583 9825 7467' }, 'VALIDATION_FAILED'],
      [{ ...settings, invoice_number_format: 'INV-{year}' }, 'VALIDATION_FAILED'],
      [{ ...settings, bic: 'ESSE' }, 'VALIDATION_FAILED'],
      [{ ...settings, logo: { media_type: 'image/png', data: Buffer.from('<svg></svg>').toString('base64') } }, 'BILLING_LOGO_INVALID'],
      [{ ...settings, logo: { media_type: 'image/svg+xml', data: tinyPng() } }, 'BILLING_LOGO_INVALID'],
      [{ ...settings, logo: { media_type: 'image/gif', data: tinyPng() } }, 'VALIDATION_FAILED'],
      [{ ...settings, logo: { media_type: 'image/png', data: Buffer.alloc(100_001, 1).toString('base64') } }, 'BILLING_LOGO_INVALID'],
      [{ ...settings, logo: { media_type: 'image/png', data: Buffer.alloc(100_100, 1).toString('base64') } }, 'VALIDATION_FAILED']
    ]
    for (const [payload, code] of cases) {
      const response = await put(payload)
      expect(response.statusCode, JSON.stringify(payload).slice(0, 120)).toBe(400)
      expect(response.json()).toMatchObject({ code })
    }
    const svg = await put({ ...settings, logo: { media_type: 'image/svg+xml', data: Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>').toString('base64') } })
    expect(svg.statusCode).toBe(200)
  })
})
