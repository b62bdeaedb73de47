/**
 * `pnpm check:consistency [--wait <seconds>]`: compares what billing holds with what reporting's read models
 * say: revenue per client and currency, per month, destination and currency, and invoices (count, amount,
 * paid) per settlement and currency, the open invoices billing announced overdue (count, amount, paid per
 * currency), and with crm the bookings behind the trip margins (sell, cost and commission per trip and
 * currency), each trip's status, the commissions per supplier and currency (expected, received), and the
 * travellers (trip, passport known and its expiry, name). Prints every difference as a table and exits 1 if
 * there is one, 2 if
 * it cannot look. Reporting follows billing through events, a moment later: `--wait` keeps comparing until
 * the two agree or the time is up.
 *
 * Reads both schemas with the admin `DATABASE_URL` (default as the services'), in one snapshot.
 */
import { parseArgs } from 'node:util'
import { compareMoney } from '@travel-crm/contracts'
import { createOrm } from '@travel-crm/service-kit/data'

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/travel_crm'

/** One figure of one group as each side states it; money as decimal strings, counts as integers. */
interface Totals { [measure: string]: string | number }

interface Comparison {
  /** What is compared, as the table shows it. */
  name: string
  /** The columns that name a group. */
  keys: string[]
  /** Which measures are money (compared exactly as decimals) rather than counts. */
  money: string[]
  billing: string
  reporting: string
}

// Payments of cancelled invoices cannot exist (billing refuses them); deleted invoices take their payments along.
const COMPARISONS: Comparison[] = [
  {
    name: 'revenue by client',
    keys: ['client_id', 'currency'],
    money: ['revenue'],
    billing: `select i.client_id, i.currency, sum(p.amount)::numeric(18,2)::text as revenue, count(*)::int as payments
      from billing.payment p join billing.invoice i on i.id = p.invoice_id group by 1, 2`,
    reporting: 'select client_id, currency, total_revenue::numeric(18,2)::text as revenue, payments from reporting.revenue_by_client'
  },
  {
    name: 'revenue by month',
    keys: ['year', 'month', 'destination', 'currency'],
    money: ['revenue'],
    billing: `select extract(year from p.payment_date)::int as year, extract(month from p.payment_date)::int as month,
        t.destination, i.currency, sum(p.amount)::numeric(18,2)::text as revenue, count(*)::int as payments
      from billing.payment p join billing.invoice i on i.id = p.invoice_id join billing.trip t on t.id = i.trip_id
      group by 1, 2, 3, 4`,
    reporting: `select year::int, month::int, destination, currency, total_revenue::numeric(18,2)::text as revenue, payments
      from reporting.revenue_by_month`
  },
  {
    name: 'invoices',
    keys: ['settlement', 'currency'],
    money: ['amount', 'paid'],
    billing: `select case when cancelled then 'cancelled' when paid_amount >= amount then 'paid' else 'open' end as settlement,
        currency, count(*)::int as invoices, sum(amount)::numeric(18,2)::text as amount, sum(paid_amount)::numeric(18,2)::text as paid
      from billing.invoice group by 1, 2`,
    reporting: `select settlement, currency, sum(invoices)::int as invoices, sum(amount)::numeric(18,2)::text as amount,
        sum(paid)::numeric(18,2)::text as paid
      from reporting.invoice_totals group by 1, 2`
  },
  {
    // Billing's word that an invoice is overdue (its overdue reminders) as reporting holds it: open invoices
    // whose next unpaid due date is at or before an installment billing announced overdue.
    name: 'overdue by billing\'s reminders',
    keys: ['currency'],
    money: ['amount', 'paid'],
    billing: `select i.currency, count(*)::int as invoices, sum(i.amount)::numeric(18,2)::text as amount, sum(i.paid_amount)::numeric(18,2)::text as paid
      from billing.invoice i
      where not i.cancelled and i.paid_amount < i.amount
        and exists (select 1 from billing.invoice_reminder r where r.invoice_id = i.id and r.kind = 'overdue' and r.due_date >= i.due_date)
      group by 1`,
    reporting: `select currency, count(*)::int as invoices, sum(amount)::numeric(18,2)::text as amount, sum(paid)::numeric(18,2)::text as paid
      from reporting.invoice where settlement = 'open' and overdue_since >= due_date group by 1`
  },
  {
    // Bookings are crm's: this side's query reads crm, as the trip margins report sums them.
    name: 'trip margins',
    keys: ['trip_id', 'currency'],
    money: ['sell', 'cost', 'commission'],
    billing: `select b.trip_id, b.currency::text as currency, count(*)::int as bookings, sum(b.sell_price)::numeric(18,2)::text as sell,
        sum(b.cost)::numeric(18,2)::text as cost, sum(b.commission)::numeric(18,2)::text as commission
      from crm.booking b join crm.trip t on t.id = b.trip_id where b.status <> 'cancelled' group by 1, 2`,
    reporting: `select b.trip_id, b.currency, count(*)::int as bookings, sum(b.sell_price)::numeric(18,2)::text as sell,
        sum(b.cost)::numeric(18,2)::text as cost, sum(b.commission)::numeric(18,2)::text as commission
      from reporting.booking b join reporting.trip t on t.id = b.trip_id where b.status <> 'cancelled' group by 1, 2`
  },
  {
    // Statuses are crm's too: a trip whose status differs is a group on each side, one with none on the other.
    name: 'trip statuses',
    keys: ['trip_id', 'status'],
    money: [],
    billing: 'select id as trip_id, status::text as status, 1 as trips from crm.trip',
    reporting: 'select id as trip_id, status, 1 as trips from reporting.trip'
  },
  {
    name: 'commissions',
    keys: ['supplier_id', 'currency'],
    money: ['expected', 'received'],
    billing: `select supplier_id, currency::text as currency, count(*)::int as bookings, sum(expected)::numeric(18,2)::text as expected,
        sum(received)::numeric(18,2)::text as received
      from billing.commission where not cancelled and not deleted group by 1, 2`,
    reporting: `select supplier_id, currency, count(*)::int as bookings, sum(expected)::numeric(18,2)::text as expected,
        sum(received)::numeric(18,2)::text as received
      from reporting.commission where not cancelled group by 1, 2`
  },
  {
    // Travellers are crm's, and so is this side. Never the passport number: whether there is one, and the
    // expiry (days since 2000-01-01, -1 without one); names compared through their hash, as numbers.
    name: 'travellers',
    keys: ['id'],
    money: [],
    billing: `select id, trip_id, (passport_number_sealed is not null)::int as has_passport_number,
        coalesce(passport_expiry - date '2000-01-01', -1) as passport_expiry, hashtext(first_name || ' ' || last_name) as name
      from crm.traveller`,
    reporting: `select id, trip_id, has_passport_number::int as has_passport_number,
        coalesce(passport_expiry - date '2000-01-01', -1) as passport_expiry, hashtext(first_name || ' ' || last_name) as name
      from reporting.traveller`
  }
]

interface Difference { comparison: string, group: string, measure: string, billing: string, reporting: string }

type Query = (sql: string) => Promise<Array<Record<string, unknown>>>

function byGroup (comparison: Comparison, rows: Array<Record<string, unknown>>): Map<string, Totals> {
  const groups = new Map<string, Totals>()
  for (const row of rows) {
    const group = comparison.keys.map((key) => `${key}=${String(row[key]).trim()}`).join(' ')
    const totals: Totals = {}
    for (const [column, value] of Object.entries(row)) {
      if (!comparison.keys.includes(column)) totals[column] = typeof value === 'number' ? value : String(value)
    }
    groups.set(group, totals)
  }
  return groups
}

function same (comparison: Comparison, measure: string, billing: string | number | undefined, reporting: string | number | undefined): boolean {
  if (billing === undefined || reporting === undefined) return false
  if (comparison.money.includes(measure)) return compareMoney(String(billing), String(reporting)) === 0
  return Number(billing) === Number(reporting)
}

async function differences (query: Query): Promise<{ differences: Difference[], groups: number }> {
  const found: Difference[] = []
  let groups = 0
  for (const comparison of COMPARISONS) {
    const billing = byGroup(comparison, await query(comparison.billing))
    const reporting = byGroup(comparison, await query(comparison.reporting))
    const all = [...new Set([...billing.keys(), ...reporting.keys()])].sort()
    groups += all.length
    for (const group of all) {
      const ours = billing.get(group)
      const theirs = reporting.get(group)
      const measures = [...new Set([...Object.keys(ours ?? {}), ...Object.keys(theirs ?? {})])]
      for (const measure of measures) {
        if (same(comparison, measure, ours?.[measure], theirs?.[measure])) continue
        found.push({ comparison: comparison.name, group, measure, billing: String(ours?.[measure] ?? '(none)'), reporting: String(theirs?.[measure] ?? '(none)') })
      }
    }
  }
  return { differences: found, groups }
}

function table (rows: Difference[]): string {
  const header: Difference = { comparison: 'comparison', group: 'group', measure: 'measure', billing: 'billing', reporting: 'reporting' }
  const columns = Object.keys(header) as Array<keyof Difference>
  const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)))
  const line = (row: Difference): string => columns.map((column, index) => row[column].padEnd(widths[index] ?? 0)).join(' | ').trimEnd()
  return [line(header), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.map(line)].join('\n')
}

async function main (): Promise<number> {
  const { values } = parseArgs({ options: { wait: { type: 'string', default: '0' } } })
  const waitSeconds = Number(values.wait)
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
    process.stderr.write(`--wait takes a number of seconds, not "${values.wait}"\n`)
    return 2
  }
  const orm = await createOrm({ url: process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL, schema: 'public', entities: [], migrations: [], poolMax: 1, log: () => undefined })
  try {
    const deadline = Date.now() + waitSeconds * 1000
    for (;;) {
      // Both schemas from one snapshot: a payment committed between two reads cannot pass for a difference.
      const result = await orm.em.fork().transactional(async (em) => {
        await em.execute('set transaction isolation level repeatable read, read only')
        return await differences(async (sql) => await em.execute(sql))
      })
      if (result.differences.length === 0) {
        process.stdout.write(`billing and reporting agree (${result.groups} groups compared)\n`)
        return 0
      }
      if (Date.now() >= deadline) {
        process.stdout.write(`billing and reporting differ in ${result.differences.length} figures:\n${table(result.differences)}\n`)
        return 1
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  } finally {
    await orm.close(true)
  }
}

main().then((code) => { process.exitCode = code }, (error: unknown) => {
  process.stderr.write(`cannot compare billing with reporting: ${(error as Error).message}\n`)
  process.exitCode = 2
})
