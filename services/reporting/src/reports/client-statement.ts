import type { ClientStatement } from '@travel-crm/contracts'
import type { ReportDatabase } from '../report-database.js'
import { csvRecordSql } from '../csv.js'
import { invoiceStatusOf } from './overdue.js'

// Nested as the original nests it, built in one statement so that the whole statement is one snapshot.
const STATEMENT = `select json_build_object(
    'id', c.id, 'name', c.name, 'email', c.email, 'phone', c.phone, 'company', c.company,
    'created_at', iso_utc(c.created_at), 'updated_at', iso_utc(c.updated_at),
    'notes', coalesce((select json_agg(json_build_object(
        'id', n.id, 'note', n.note, 'timestamp', iso_utc(n.created_at), 'updated_at', iso_utc(n.updated_at)
      ) order by n.id) from note n where n.client_id = c.id), '[]'),
    'trips', coalesce((select json_agg(json_build_object(
        'id', t.id, 'destination', t.destination, 'start_date', t.start_date, 'end_date', t.end_date,
        'price', t.price::text, 'currency', t.currency, 'notes', t.notes,
        'invoices', coalesce((select json_agg(json_build_object(
            'id', i.id, 'number', i.number, 'issue_date', i.issue_date, 'due_date', i.due_date, 'amount', i.amount::text,
            'paid', i.paid::text, 'balance', (i.amount - i.paid)::text, 'currency', i.currency,
            'status', ${invoiceStatusOf('i', '$2')},
            'payments', coalesce((select json_agg(json_build_object(
                'id', p.id, 'amount', p.amount::text, 'currency', p.currency, 'payment_method', p.payment_method,
                'payment_date', p.payment_date, 'reference', p.reference
              ) order by p.id) from payment p where p.invoice_id = i.id), '[]')
          ) order by i.id) from invoice i where i.trip_id = t.id), '[]')
      ) order by t.id) from trip t where t.client_id = c.id), '[]')
  ) as statement
  from client c where c.id = $1`

export async function clientStatement (db: ReportDatabase, clientId: number, today: string): Promise<ClientStatement | undefined> {
  const [row] = await db.query<{ statement: ClientStatement }>(STATEMENT, [clientId, today])
  return row?.statement
}

export async function clientExists (db: ReportDatabase, clientId: number): Promise<boolean> {
  const rows = await db.query('select 1 from client where id = $1', [clientId])
  return rows.length > 0
}

/**
 * The statement as CSV: one row per record (`record` says which: client, note, trip, invoice, payment), in
 * the order the JSON nests them, each row carrying the ids of the records it hangs off. `amount` is the trip's
 * price, the invoice's amount or the payment's amount, in that row's `currency`.
 */
export const STATEMENT_COLUMNS = [
  'record', 'client_id', 'client_name', 'email', 'phone', 'company',
  'note_id', 'note', 'note_timestamp',
  'trip_id', 'destination', 'start_date', 'end_date', 'trip_notes',
  'invoice_id', 'issue_date', 'due_date', 'status',
  'payment_id', 'payment_date', 'payment_method', 'reference',
  'amount', 'paid', 'balance', 'currency'
] as const

type StatementColumn = (typeof STATEMENT_COLUMNS)[number]
/**
 * The columns of free text, which the CSV neutralises and quotes. The others are ids, dates, amounts,
 * statuses and currencies (three capitals by every event's schema), which never need either.
 */
const TEXT_COLUMNS: ReadonlySet<StatementColumn> = new Set([
  'client_name', 'email', 'phone', 'company', 'note', 'destination', 'trip_notes', 'payment_method', 'reference'
])

/** A record kind's CSV line, written by Postgres: the same text the CSV writer would make of the row. */
function recordLine (record: string, clientId: string, filled: Partial<Record<StatementColumn, string>>): string {
  return csvRecordSql(STATEMENT_COLUMNS, { ...filled, record: `'${record}'`, client_id: clientId }, TEXT_COLUMNS)
}

/**
 * Sorted by client, then the client row, its notes, and its trips each followed by its invoices and their
 * payments (a key a record does not have is 0, before every id). Every branch reads an index in client order,
 * so Postgres merges them and sorts only each client's records, as they come: it cannot tell that a branch's
 * constant keys are in order already. The payments, nine in ten of the records, come as one block per
 * invoice (a string_agg over the index, in id order), so that the sort has a tenth of the rows to order.
 */
function statementRowsQuery (oneClient: boolean): string {
  const where = (column: string) => oneClient ? `where ${column} = $2` : ''
  return `select line from (
    select ${recordLine('client', 'c.id', { client_name: 'c.name', email: 'c.email', phone: 'c.phone', company: 'c.company' })} as line,
        c.id as client_id, 0 as section, 0 as note_key, 0 as trip_key, 0 as invoice_key, 0 as payment_key
      from client c ${where('c.id')}
    union all
    select ${recordLine('note', 'n.client_id', { note_id: 'n.id', note: 'n.note', note_timestamp: 'iso_utc(n.created_at)' })},
        n.client_id, 1, n.id, 0, 0, 0
      from note n ${where('n.client_id')}
    union all
    select ${recordLine('trip', 't.client_id', {
      trip_id: 't.id', destination: 't.destination', start_date: 't.start_date', end_date: 't.end_date',
      trip_notes: 't.notes', amount: 't.price', currency: 't.currency'
    })},
        t.client_id, 2, 0, t.id, 0, 0
      from trip t ${where('t.client_id')}
    union all
    select ${recordLine('invoice', 'i.client_id', {
      trip_id: 'i.trip_id', invoice_id: 'i.id', issue_date: 'i.issue_date', due_date: 'i.due_date',
      status: invoiceStatusOf('i', '$1'), amount: 'i.amount', paid: 'i.paid', balance: 'i.amount - i.paid', currency: 'i.currency'
    })},
        i.client_id, 2, 0, i.trip_id, i.id, 0
      from invoice i ${where('i.client_id')}
    union all
    select string_agg(${recordLine('payment', 'p.client_id', {
      trip_id: 'p.trip_id', invoice_id: 'p.invoice_id', payment_id: 'p.id', payment_date: 'p.payment_date',
      payment_method: 'p.payment_method', reference: 'p.reference', amount: 'p.amount', currency: 'p.currency'
    })}, '' order by p.id),
        p.client_id, 2, 0, p.trip_id, p.invoice_id, 1
      from payment p ${where('p.client_id')}
      group by p.client_id, p.trip_id, p.invoice_id
  ) records
  order by client_id, section, note_key, trip_key, invoice_key, payment_key`
}

const ONE_CLIENT = statementRowsQuery(true)
const EVERY_CLIENT = statementRowsQuery(false)

/** The statement's CSV records (no header), a batch of them at a time. */
export function clientStatementRecords (db: ReportDatabase, today: string, clientId?: number): AsyncGenerator<string> {
  return clientId === undefined ? db.texts(EVERY_CLIENT, [today]) : db.texts(ONE_CLIENT, [today, clientId])
}
