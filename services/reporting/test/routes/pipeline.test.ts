import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { PipelineReport, type TripPayload } from '@travel-crm/contracts'
import { loadConfig } from '../../src/config.js'
import { rebuildReadModels } from '../../src/read-models.js'
import { aClient, aTrip, changed } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'
import { expectOnlyReportReaders, expectPdf, expectRefusedQueries } from '../support/report-checks.js'

const reporting = reportingUnderTest()

async function pipeline (query: string): Promise<PipelineReport> {
  const response = await reporting.get(`/reports/pipeline${query}`, 'analyst')
  expect(response.statusCode, response.body).toBe(200)
  const body = response.json<PipelineReport>()
  expect(Value.Check(PipelineReport, body)).toBe(true)
  return body
}

/** A trip that came in on `day` in `status`, as crm announces it now. */
function cameIn (day: string, status: TripPayload['status'], overrides: Partial<TripPayload> = {}): TripPayload {
  const at = `${day}T10:00:00.000Z`
  return aTrip(client, { status, status_changed_at: at, created_at: at, updated_at: at, ...overrides })
}

/** The trip moved to `status` at `at`, one version on. */
function moved (trip: TripPayload, status: NonNullable<TripPayload['status']>, at: string): TripPayload {
  return { ...changed(trip, { status, status_changed_at: at, previous_status: trip.status }), updated_at: at }
}

const client = aClient()
const converted = cameIn('2031-01-10', 'inquiry', { price: '1000.00' })
const convertedQuoted = moved(converted, 'quoted', '2031-01-12T08:00:00.000Z')
const convertedBooked = moved(convertedQuoted, 'booked', '2031-02-01T09:15:00.000Z')
const lost = cameIn('2031-01-20', 'inquiry', { price: '500.00' })
const quoted = cameIn('2031-01-25', 'quoted', { price: '300.50', currency: 'USD' })
// Created before trips had a status: booked from the start, not an inquiry.
const sold = aTrip(client, { price: '2000.00', created_at: '2031-03-05T10:00:00.000Z' })
const travelled = cameIn('2031-03-06', 'inquiry', { price: '750.25' })
const travelledCompleted = moved(travelled, 'completed', '2031-03-08T10:00:00.000Z')
const deleted = cameIn('2031-03-07', 'inquiry', { price: '10.00' })
// The last second of March, UTC.
const late = aTrip(client, { status: 'inquiry', price: '99.99', currency: 'GBP', created_at: '2031-03-31T23:59:59.000Z', updated_at: '2031-03-31T23:59:59.000Z' })
const april = aTrip(client, { status: 'quoted', price: '20.00', created_at: '2031-04-01T00:00:00.000Z', updated_at: '2031-04-01T00:00:00.000Z' })

async function publishHistory (): Promise<void> {
  await reporting.publish('crm.client.created', client)
  // The conversion arrives before the trip's creation and its quote: the report must not care.
  await reporting.publish('crm.trip.updated', convertedBooked)
  await reporting.publish('crm.trip.created', converted)
  await reporting.publish('crm.trip.updated', convertedQuoted)
  await reporting.publish('crm.trip.created', lost)
  await reporting.publish('crm.trip.updated', moved(lost, 'cancelled', '2031-01-22T10:00:00.000Z'))
  for (const trip of [quoted, sold, travelled, deleted, late, april]) await reporting.publish('crm.trip.created', trip)
  await reporting.publish('crm.trip.updated', travelledCompleted)
  // Archiving only hides a trip: it still counts. Deleting takes it out.
  const { previous_status: _previousStatus, ...archived } = changed(travelledCompleted, { archived_at: '2031-03-09T10:00:00.000Z' })
  await reporting.publish('crm.trip.archived', archived)
  await reporting.publish('crm.trip.deleted', changed(deleted, {}))
  await reporting.settled()
}

const everything: PipelineReport = {
  from: null,
  to: null,
  statuses: [
    { status: 'inquiry', trips: 1, value: [{ currency: 'GBP', amount: '99.99' }] },
    { status: 'quoted', trips: 2, value: [{ currency: 'EUR', amount: '20.00' }, { currency: 'USD', amount: '300.50' }] },
    { status: 'booked', trips: 2, value: [{ currency: 'EUR', amount: '3000.00' }] },
    { status: 'completed', trips: 1, value: [{ currency: 'EUR', amount: '750.25' }] },
    { status: 'cancelled', trips: 1, value: [{ currency: 'EUR', amount: '500.00' }] }
  ],
  months: [
    { month: '2031-01', inquiries: 3, booked: 1, cancelled: 1, open: 1, conversion_rate: '33.33' },
    { month: '2031-02', inquiries: 0, booked: 0, cancelled: 0, open: 0, conversion_rate: null },
    { month: '2031-03', inquiries: 2, booked: 1, cancelled: 0, open: 1, conversion_rate: '50.00' },
    { month: '2031-04', inquiries: 1, booked: 0, cancelled: 0, open: 1, conversion_rate: '0.00' }
  ]
}

describe('pipeline report', () => {
  it('counts trips and their value per status, and per month how many inquiries were booked', async () => {
    await publishHistory()
    expect(await pipeline('')).toEqual(everything)
  })

  it('takes the trips that came in over the period, by their UTC creation day, both ends included', async () => {
    const march = await pipeline('?from=2031-03-01&to=2031-03-31')
    expect(march.from).toBe('2031-03-01')
    expect(march.to).toBe('2031-03-31')
    expect(march.statuses.map((row) => [row.status, row.trips])).toEqual([['inquiry', 1], ['quoted', 0], ['booked', 1], ['completed', 1], ['cancelled', 0]])
    expect(march.statuses.find((row) => row.status === 'quoted')?.value).toEqual([])
    expect(march.months).toEqual([everything.months[2]])
    expect((await pipeline('?from=2031-01-25&to=2031-01-25')).statuses.filter((row) => row.trips > 0)).toEqual([
      { status: 'quoted', trips: 1, value: [{ currency: 'USD', amount: '300.50' }] }
    ])
    expect((await pipeline('?from=2031-04-01')).months).toEqual([everything.months[3]])
    const none = await pipeline('?to=2030-12-31')
    expect(none.statuses.map((row) => row.trips)).toEqual([0, 0, 0, 0, 0])
    expect(none.months).toEqual([])
  })

  it('answers a repeated request with 304 while the read models have not changed', async () => {
    const first = await reporting.get('/reports/pipeline', 'analyst')
    const etag = first.headers.etag
    expect(typeof etag).toBe('string')
    const again = await reporting.app.inject({
      method: 'GET', url: '/reports/pipeline', headers: { authorization: `Bearer ${reporting.issuer.token('analyst')}`, 'if-none-match': String(etag) }
    })
    expect(again.statusCode).toBe(304)
  })

  it('exports one row per month, status and currency as CSV, and as a PDF', async () => {
    const csv = await reporting.get('/reports/pipeline/export', 'admin')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="pipeline.csv"')
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'month,status,currency,trips,value,inquiries',
      '2031-01,quoted,USD,1,300.50,1',
      '2031-01,booked,EUR,1,1000.00,1',
      '2031-01,cancelled,EUR,1,500.00,1',
      '2031-03,inquiry,GBP,1,99.99,1',
      '2031-03,booked,EUR,1,2000.00,0',
      '2031-03,completed,EUR,1,750.25,1',
      '2031-04,quoted,EUR,1,20.00,1',
      ''
    ])
    const march = await reporting.get('/reports/pipeline/export?from=2031-03-06&to=2031-03-06', 'analyst')
    expect(march.body.replace(/^\uFEFF/, '').split('\r\n').slice(1)).toEqual(['2031-03,completed,EUR,1,750.25,1', ''])
    expectPdf(await reporting.get('/reports/pipeline/export?format=pdf&lang=es', 'analyst'))
  })

  it('is for admins and analysts: agents get 403, callers without a token 401', async () => {
    await expectOnlyReportReaders(reporting, ['/reports/pipeline', '/reports/pipeline/export'])
  })

  it('refuses a bad query, and a period that ends before it begins, with a 400 problem', async () => {
    await expectRefusedQueries(reporting, [
      '/reports/pipeline?from=2031-03-02&to=2031-03-01', '/reports/pipeline/export?from=2031-03-02&to=2031-03-01',
      '/reports/pipeline?from=2031-02-30', '/reports/pipeline?to=soon', '/reports/pipeline?status=booked',
      '/reports/pipeline/export?format=xls'
    ])
    const reversed = await reporting.get('/reports/pipeline?from=2031-03-02&to=2031-03-01', 'analyst')
    expect(reversed.json().detail).toBe('querystring/from 2031-03-02 is after querystring/to 2031-03-01')
  })

  it('gives the same answer once the read models are rebuilt from the stream', async () => {
    const before = await pipeline('')
    const em = reporting.app.orm.em.fork()
    await em.execute('update trip set status = \'cancelled\', created_status = \'booked\', booked_at = null')
    await em.execute('update read_model_changes set changes = changes + 1')
    expect((await pipeline('')).statuses.map((row) => row.trips)).not.toEqual(before.statuses.map((row) => row.trips))
    await rebuildReadModels(loadConfig({ ...reporting.environment.env, AUTH_URL: reporting.issuer.url }), { timeoutMs: 20_000 })
    await reporting.settled()
    expect(await pipeline('')).toEqual(everything)
  })
})
