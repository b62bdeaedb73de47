import type { ClientStatement } from '@travel-crm/contracts'
import type { ReportDatabase } from '../report-database.js'
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
const ID_COLUMNS: ReadonlySet<StatementColumn> = new Set(['note_id', 'trip_id', 'invoice_id', 'payment_id'])

/** Each record kind's select list: its own columns by name, typed nulls for the rest (a union needs the types). */
function recordSelect (record: string, clientId: string, filled: Partial<Record<StatementColumn, string>>, order: string): string {
  const cells = STATEMENT_COLUMNS.map((column) => {
    if (column === 'record') return `'${record}'::text as record`
    if (column === 'client_id') return `${clientId} as client_id`
    return `${filled[column] ?? (ID_COLUMNS.has(column) ? 'null::integer' : 'null::text')} as ${column}`
  })
  return `select ${cells.join(', ')}, ${order}`
}

/**
 * Sorted by client, then the client row, its notes, and its trips each followed by its invoices and their
 * payments (a key a record does not have is 0, before every id). Every branch reads an index in that order, so Postgres merges them without sorting: exporting
 * every client streams from the first row.
 */
function statementRowsQuery (oneClient: boolean): string {
  const where = (column: string) => oneClient ? `where ${column} = $2` : ''
  return [
    `${recordSelect('client', 'c.id', { client_name: 'c.name', email: 'c.email', phone: 'c.phone', company: 'c.company' },
      `0 as section, 0 as note_key, 0 as trip_key, 0 as invoice_key, 0 as payment_key`)}
      from client c ${where('c.id')}`,
    `${recordSelect('note', 'n.client_id', { note_id: 'n.id', note: 'n.note', note_timestamp: 'iso_utc(n.created_at)' },
      `1 as section, n.id as note_key, 0 as trip_key, 0 as invoice_key, 0 as payment_key`)}
      from note n ${where('n.client_id')}`,
    `${recordSelect('trip', 't.client_id', {
      trip_id: 't.id', destination: 't.destination', start_date: 't.start_date::text', end_date: 't.end_date::text',
      trip_notes: 't.notes', amount: 't.price::text', currency: 't.currency'
    }, `2 as section, 0 as note_key, t.id as trip_key, 0 as invoice_key, 0 as payment_key`)}
      from trip t ${where('t.client_id')}`,
    `${recordSelect('invoice', 'i.client_id', {
      trip_id: 'i.trip_id', invoice_id: 'i.id', issue_date: 'i.issue_date::text', due_date: 'i.due_date::text',
      status: invoiceStatusOf('i', '$1'), amount: 'i.amount::text', paid: 'i.paid::text', balance: '(i.amount - i.paid)::text',
      currency: 'i.currency'
    }, `2 as section, 0 as note_key, i.trip_id as trip_key, i.id as invoice_key, 0 as payment_key`)}
      from invoice i ${where('i.client_id')}`,
    `${recordSelect('payment', 'p.client_id', {
      trip_id: 'p.trip_id', invoice_id: 'p.invoice_id', payment_id: 'p.id', payment_date: 'p.payment_date::text',
      payment_method: 'p.payment_method', reference: 'p.reference', amount: 'p.amount::text', currency: 'p.currency'
    }, `2 as section, 0 as note_key, p.trip_id as trip_key, p.invoice_id as invoice_key, p.id as payment_key`)}
      from payment p ${where('p.client_id')}`
  ].join('\nunion all\n') +
    '\norder by client_id, section, note_key, trip_key, invoice_key, payment_key'
}

const ONE_CLIENT = statementRowsQuery(true)
const EVERY_CLIENT = statementRowsQuery(false)

export function clientStatementRows (db: ReportDatabase, today: string, clientId?: number): AsyncGenerator<object[]> {
  return clientId === undefined ? db.batches(EVERY_CLIENT, [today]) : db.batches(ONE_CLIENT, [today, clientId])
}
