import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { aClient, aPayment, aTrip, anInvoice } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

/** Runs `work` in a transaction that is rolled back, on the reporting schema. */
async function inTransaction<Result> (work: (client: pg.Client) => Promise<Result>): Promise<Result> {
  const client = new pg.Client({ connectionString: reporting.environment.databaseUrl })
  await client.connect()
  try {
    await client.query('begin')
    await client.query('set local search_path = reporting')
    return await work(client)
  } finally {
    await client.query('rollback')
    await client.end()
  }
}

const AUDIT = ['2031-01-10T09:30:00Z', '2031-01-10T09:30:00Z', 1, 1, 1]

describe('the report totals', () => {
  it('leave a tenth of each page free and index no column that payments change', async () => {
    const tables = await inTransaction(async (client) => (await client.query<{ table: string, options: string[] | null, indexes: string[] }>(`
      select c.relname as table, c.reloptions as options,
        array(select i.relname::text from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = c.oid order by 1) as indexes
      from pg_class c where c.relnamespace = 'reporting'::regnamespace
        and c.relname in ('revenue_by_client', 'revenue_by_month', 'invoice_totals') order by 1`)).rows)
    expect(tables).toEqual([
      { table: 'invoice_totals', options: ['fillfactor=90'], indexes: ['invoice_totals_pkey'] },
      { table: 'revenue_by_client', options: ['fillfactor=90'], indexes: ['revenue_by_client_pkey'] },
      { table: 'revenue_by_month', options: ['fillfactor=90'], indexes: ['revenue_by_month_pkey'] }
    ])
  })

  it('are updated in place (HOT) by each payment', async () => {
    const client = aClient()
    const trip = aTrip(client)
    const invoice = anInvoice(trip, { amount: '1000.00' })
    const counts = await inTransaction(async (db) => {
      await db.query(`insert into trip (id, client_id, destination, start_date, end_date, price, currency, notes, created_at, updated_at, created_by, updated_by, version)
        values ($1, $2, $3, $4, $5, $6, $7, null, $8, $9, $10, $11, $12)`,
      [trip.id, trip.client_id, trip.destination, trip.start_date, trip.end_date, trip.price, trip.currency, ...AUDIT])
      await db.query(`insert into invoice (id, trip_id, client_id, issue_date, due_date, amount, currency, cancelled, created_at, updated_at, created_by, updated_by, version)
        values ($1, $2, $3, $4, $5, $6, $7, false, $8, $9, $10, $11, $12)`,
      [invoice.id, invoice.trip_id, invoice.client_id, invoice.issue_date, invoice.due_date, invoice.amount, invoice.currency, ...AUDIT])
      for (let i = 0; i < 3; i++) {
        const payment = aPayment(invoice, { amount: '10.00' })
        await db.query(`insert into payment (id, invoice_id, trip_id, client_id, amount, currency, payment_date, payment_method, reference, created_at, updated_at, created_by, updated_by, version)
          values ($1, $2, $3, $4, $5, $6, $7, $8, null, $9, $10, $11, $12, $13)`,
        [payment.id, payment.invoice_id, payment.trip_id, payment.client_id, payment.amount, payment.currency, payment.payment_date, payment.payment_method, ...AUDIT])
      }
      // This transaction's own counts: exact at once, unlike pg_stat_user_tables, which is flushed later.
      return (await db.query<{ table: string, updated: string, hot: string }>(`
        select t as table, pg_stat_get_xact_tuples_updated(t::regclass) as updated, pg_stat_get_xact_tuples_hot_updated(t::regclass) as hot
        from unnest(array['revenue_by_client', 'revenue_by_month', 'invoice_totals']) t order by 1`)).rows
    })
    // The first payment inserts each total and the next two update it. The invoice's total is updated as the
    // invoice leaves it; being its only invoice, that total is then deleted and inserted again.
    expect(counts).toEqual([
      { table: 'invoice_totals', updated: '3', hot: '3' },
      { table: 'revenue_by_client', updated: '2', hot: '2' },
      { table: 'revenue_by_month', updated: '2', hot: '2' }
    ])
  })
})
