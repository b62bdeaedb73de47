import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { CommissionReport, type CommissionReportRow } from '@travel-crm/contracts'
import { aBooking, aClient, aCommission, aTrip, changed } from '../support/records.js'
import { TODAY, reportingUnderTest } from '../support/reporting.js'
import { expectOnlyReportReaders, expectPdf, expectRefusedQueries } from '../support/report-checks.js'

const reporting = reportingUnderTest()

async function commissions (query: string): Promise<CommissionReportRow[]> {
  const response = await reporting.get(`/reports/commissions${query}`, 'analyst')
  expect(response.statusCode, response.body).toBe(200)
  const body = response.json<CommissionReportRow[]>()
  expect(Value.Check(CommissionReport, body)).toBe(true)
  return body
}

describe('commissions report', () => {
  it('sums expected, received, open and overdue (judged today) per supplier and per month, per currency', async () => {
    const trip = aTrip(aClient())
    const booking = (supplier: number, currency = 'EUR') => aBooking(trip, { supplier_id: supplier, currency })
    // Due yesterday with 0.30 open: overdue. Due today: open, not overdue.
    const late = aCommission(booking(7), { expected: '100.10', due_date: '2031-06-14' })
    const dueToday = aCommission(booking(7), { expected: '50.00', due_date: TODAY })
    const paidLate = aCommission(booking(7), { expected: '20.00', due_date: '2031-05-01' })
    const inDollars = aCommission(booking(7, 'USD'), { expected: '10.00', due_date: '2031-07-02' })
    const otherSupplier = aCommission(booking(9), { expected: '0.01', due_date: '2031-07-31' })
    const cancelled = aCommission(booking(9), { expected: '999.00', due_date: '2031-05-01' })
    for (const each of [late, dueToday, paidLate, inDollars, otherSupplier, cancelled]) await reporting.publish('billing.commission.updated', each)
    await reporting.publish('billing.commission.updated', changed(late, { received: '99.80', balance: '0.30', status: 'Overdue' }))
    await reporting.publish('billing.commission.updated', changed(paidLate, { received: '20.00', balance: '0.00', status: 'Received' }))
    await reporting.publish('billing.commission.updated', changed(cancelled, { status: 'Cancelled' }))
    // An older version arriving late changes nothing.
    await reporting.publish('billing.commission.updated', late)
    await reporting.settled()

    expect(await commissions('')).toEqual([
      { supplier_id: 7, year: null, month: null, currency: 'EUR', bookings: 3, expected: '170.10', received: '119.80', open: '50.30', overdue: '0.30' },
      { supplier_id: 7, year: null, month: null, currency: 'USD', bookings: 1, expected: '10.00', received: '0.00', open: '10.00', overdue: '0.00' },
      { supplier_id: 9, year: null, month: null, currency: 'EUR', bookings: 1, expected: '0.01', received: '0.00', open: '0.01', overdue: '0.00' }
    ])
    expect((await commissions('?group_by=month')).map((row) => [row.year, row.month, row.currency, row.expected, row.open, row.overdue, row.supplier_id])).toEqual([
      [2031, 5, 'EUR', '20.00', '0.00', '0.00', null],
      [2031, 6, 'EUR', '150.10', '50.30', '0.30', null],
      [2031, 7, 'EUR', '0.01', '0.01', '0.00', null],
      [2031, 7, 'USD', '10.00', '10.00', '0.00', null]
    ])

    const csv = await reporting.get('/reports/commissions/export?group_by=month', 'admin')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-disposition']).toBe('attachment; filename="commissions_by_month.csv"')
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n').slice(0, 3)).toEqual([
      'supplier_id,year,month,currency,bookings,expected,received,open,overdue',
      ',2031,5,EUR,1,20.00,20.00,0.00,0.00',
      ',2031,6,EUR,2,150.10,99.80,50.30,0.30'
    ])
    expectPdf(await reporting.get('/reports/commissions/export?format=pdf&lang=es', 'analyst'))
  })

  it('follows each change of a commission in its supplier\'s and month\'s totals, received beyond what it expects being open 0.00', async () => {
    const trip = aTrip(aClient())
    const first = aCommission(aBooking(trip, { supplier_id: 11, currency: 'SEK' }), { expected: '30.00', due_date: '2031-08-05' })
    const second = aCommission(aBooking(trip, { supplier_id: 11, currency: 'SEK' }), { expected: '12.50', due_date: '2031-08-20' })
    const ofSupplier = async () => (await commissions('')).filter((row) => row.supplier_id === 11)
      .map((row) => [row.currency, row.bookings, row.expected, row.received, row.open, row.overdue])
    const ofAugust = async () => (await commissions('?group_by=month')).filter((row) => row.year === 2031 && row.month === 8 && row.currency === 'SEK')
      .map((row) => [row.bookings, row.expected, row.received, row.open])

    // The expected amount lowered below what was received: nothing is open.
    await reporting.publish('billing.commission.updated', changed(first, { received: '30.00', expected: '25.00', balance: '0.00', status: 'Received' }))
    await reporting.settled()
    expect(await ofSupplier()).toEqual([['SEK', 1, '25.00', '30.00', '0.00', '0.00']])

    await reporting.publish('billing.commission.updated', second)
    await reporting.settled()
    expect(await ofSupplier()).toEqual([['SEK', 2, '37.50', '30.00', '12.50', '0.00']])
    expect(await ofAugust()).toEqual([[2, '37.50', '30.00', '12.50']])

    // Moved to another month, then cancelled: it leaves the totals it was in.
    const moved = changed(second, { due_date: '2031-09-01', received: '2.50', balance: '10.00' })
    await reporting.publish('billing.commission.updated', moved)
    await reporting.settled()
    expect(await ofSupplier()).toEqual([['SEK', 2, '37.50', '32.50', '10.00', '0.00']])
    expect(await ofAugust()).toEqual([[1, '25.00', '30.00', '0.00']])
    await reporting.publish('billing.commission.updated', changed(moved, { status: 'Cancelled' }))
    await reporting.settled()
    expect(await ofSupplier()).toEqual([['SEK', 1, '25.00', '30.00', '0.00', '0.00']])
  })

  it('is for admins and analysts, and refuses a bad query with a 400 problem', async () => {
    await expectOnlyReportReaders(reporting, ['/reports/commissions', '/reports/commissions/export'])
    await expectRefusedQueries(reporting, ['/reports/commissions?group_by=trip', '/reports/commissions?from=2031-01-01', '/reports/commissions/export?group_by=destination'])
  })
})
