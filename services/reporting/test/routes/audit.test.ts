import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { buildEnvelope } from '@travel-crm/service-kit/messaging'
import { AuditEntries, type AuditEntry, type ClientErasedPayload, type CloudEvent, type EventSubject } from '@travel-crm/contracts'
import { aClient, aNote, aPayment, aTrip, anInvoice, changed } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

/** Publishes an event as a user's request would have caused it, at a given time. */
async function publishAs<Data extends { id: number }> (subject: EventSubject, data: Data, actor: number, time: string, requestId = `req-${data.id}-${subject}`): Promise<CloudEvent> {
  const envelope = { ...buildEnvelope(subject.split('.')[0] ?? 'crm', { subject, about: `${subject.split('.')[1]}/${data.id}`, data }, { actorId: String(actor), requestId }), time }
  return await reporting.publish(subject, data, envelope)
}

async function trail (query: string): Promise<AuditEntry[]> {
  const response = await reporting.get(`/audit?${query}`)
  expect(response.statusCode, response.body).toBe(200)
  const entries = response.json<AuditEntry[]>()
  expect(Value.Check(AuditEntries, entries)).toBe(true)
  return entries
}

describe('GET /audit', () => {
  it('gives a record\'s history newest first: who, when, which request, which fields from what to what', async () => {
    const client = aClient({ name: 'Ingrid Berg', phone: '+47 22 00 00 00' })
    await publishAs('crm.client.created', client, 7, '2031-03-01T10:00:00.000Z')
    await publishAs('crm.client.updated', changed(client, { name: 'Ingrid Berg-Olsen', company: 'Berg AS' }), 8, '2031-03-02T10:00:00.000Z', 'req-rename')
    await reporting.settled()

    const [renamed, created] = await trail(`entity=client&id=${client.id}`)
    expect(renamed).toMatchObject({
      entity: 'client', entity_id: client.id, action: 'updated', actor_id: 8, request_id: 'req-rename', client_id: client.id,
      at: '2031-03-02T10:00:00.000Z',
      changes: [{ field: 'name', from: 'Ingrid Berg', to: 'Ingrid Berg-Olsen', personal: true }, { field: 'company', from: null, to: 'Berg AS', personal: true }]
    })
    expect(created?.action).toBe('created')
    expect(created?.changes).toContainEqual({ field: 'phone', from: null, to: '+47 22 00 00 00', personal: true })
  })

  it('finds a user\'s changes in a time window, paged like every list, and exports them as CSV', async () => {
    const actor = 9000 + Math.floor(Math.random() * 1000)
    const client = aClient()
    for (let day = 1; day <= 3; day++) {
      await publishAs('crm.client.updated', changed(client, { version: day + 1, phone: `+46 8 00 00 0${day}` }), actor, `2031-04-0${day}T08:00:00.000Z`)
    }
    await reporting.settled()
    const response = await reporting.get(`/audit?actor=${actor}&from=2031-04-01T00:00:00.000Z&to=2031-04-03T00:00:00.000Z&limit=1`)
    expect(response.headers['x-total-count']).toBe('2')
    expect(response.headers['link']).toContain('offset=1')
    expect(response.json<AuditEntry[]>().map((entry) => entry.at)).toEqual(['2031-04-02T08:00:00.000Z'])

    const csv = await reporting.get(`/audit/export?actor=${actor}`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('id,at,entity,entity_id,action,actor_id,request_id,client_id,reason,changes')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toContain('+46 8 00 00 03')
  })

  it('keeps a deleted payment whole, with the reason given', async () => {
    const client = aClient()
    const trip = aTrip(client)
    const invoice = anInvoice(trip)
    const payment = aPayment(invoice, { amount: '250.00', reference: 'BANK-77' })
    await publishAs('billing.payment.recorded', payment, 3, '2031-05-01T09:00:00.000Z')
    await publishAs('billing.payment.deleted', { ...changed(payment, {}), deleted_by: 4, deleted_at: '2031-05-02T09:00:00.000Z', deletion_reason: 'entered twice' }, 4, '2031-05-02T09:00:00.000Z')
    await reporting.settled()
    const [deleted] = await trail(`entity=payment&id=${payment.id}`)
    expect(deleted).toMatchObject({ action: 'deleted', actor_id: 4, reason: 'entered twice', client_id: client.id })
    expect(deleted?.changes).toContainEqual({ field: 'amount', from: '250.00', to: null, personal: false })
    expect(deleted?.changes).toContainEqual({ field: 'reference', from: 'BANK-77', to: null, personal: false })
  })

  it('is for admins, and refuses a query it does not know', async () => {
    expect((await reporting.get('/audit', 'analyst')).statusCode).toBe(403)
    expect((await reporting.get('/audit/export', 'agent')).statusCode).toBe(403)
    for (const query of ['entity=planet', 'id=0', 'from=yesterday', 'limit=501', 'colour=red']) {
      const response = await reporting.get(`/audit?${query}`)
      expect(response.statusCode, query).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
  })
})

describe('crm.client.erased', () => {
  it('makes the read models and the audit trail forget the client\'s personal values and keeps its money', async () => {
    const client = aClient({ name: 'Sven Svensson', email: 'sven@example.se', phone: '+46 70 123 45 67', company: 'Svensson AB' })
    const note = aNote(client, { note: 'Sven is afraid of flying' })
    const trip = aTrip(client, { notes: 'Surprise for Sven' })
    const invoice = anInvoice(trip, { amount: '900.00' })
    const payment = aPayment(invoice, { amount: '900.00' })
    await publishAs('crm.client.created', client, 2, '2031-01-01T00:00:00.000Z')
    await publishAs('crm.note.created', note, 2, '2031-01-01T00:01:00.000Z')
    await publishAs('crm.trip.created', trip, 2, '2031-01-01T00:02:00.000Z')
    await publishAs('billing.invoice.created', invoice, 2, '2031-01-01T00:03:00.000Z')
    await publishAs('billing.payment.recorded', payment, 2, '2031-01-01T00:04:00.000Z')
    await reporting.settled()
    // A client event that failed here once is kept as a dead letter: the erasure reaches it too.
    await reporting.app.orm.em.fork().execute(
      'insert into dead_letter (consumer, subject, event_id, payload, error, deliveries) values (?, ?, ?, ?, ?, ?)',
      ['reporting', 'crm.client.updated', null, JSON.stringify(buildEnvelope('crm', { subject: 'crm.client.updated', about: `client/${client.id}`, data: client }, {})), 'boom', 5]
    )

    const erasure: ClientErasedPayload = {
      id: client.id, client_id: client.id, note_ids: [note.id], trip_ids: [trip.id], traveller_ids: [], reason: 'client asked', erased_at: '2031-06-01T00:00:00.000Z', erased_by: 1, version: 3
    }
    await reporting.publish('crm.client.updated', changed(client, { name: `Erased client ${client.id}`, email: `erased-client-${client.id}@erased.invalid`, phone: '', company: null }))
    await reporting.publish('crm.note.deleted', changed(note, { note: '' }))
    await publishAs('crm.client.erased', erasure, 1, '2031-06-01T00:00:00.000Z')
    await reporting.settled()

    const db = reporting.app.orm.em.fork()
    const everything = (await db.execute<Array<{ text: string }>>(
      `select row_to_json(c)::text as text from client c union all select row_to_json(n)::text from note n
       union all select row_to_json(t)::text from trip t union all select changes::text from audit_entry
       union all select record::text from audit_record union all select payload from dead_letter`
    )).map((row) => row.text).join('\n')
    for (const secret of ['Sven', 'sven@example.se', '+46 70 123 45 67', 'Svensson AB', 'afraid of flying', 'Surprise']) expect(everything).not.toContain(secret)

    const [erased] = await trail(`entity=client&id=${client.id}`)
    expect(erased).toMatchObject({ action: 'erased', reason: 'client asked', client_id: client.id })
    expect((await trail(`client=${client.id}`)).length).toBeGreaterThanOrEqual(6)
    const byClient = (await reporting.get('/reports/revenue-by-client')).json<Array<{ client_id: number, client_name: string, total_revenue: string }>>()
    expect(byClient.find((row) => row.client_id === client.id)).toMatchObject({ client_name: `Erased client ${client.id}`, total_revenue: '900.00' })
  })
})
