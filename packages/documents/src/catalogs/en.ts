/** The documents' words in English: the catalog every other language must match key for key. */
export const en = {
  invoice: {
    title: 'Invoice',
    number: 'Invoice number',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    billTo: 'Bill to',
    trip: 'Trip',
    tripLine: '{{destination}} (trip {{id}})',
    installments: 'Installments',
    payments: 'Payments received',
    noPayments: 'No payments received yet.',
    total: 'Total',
    paid: 'Paid',
    balance: 'Balance due',
    status: 'Status',
    payTo: 'Payment instructions',
    payToText: 'Please pay {{balance}} by {{dueDate}} to the account below, quoting {{number}}.',
    paidInFull: 'Paid in full. Thank you.',
    cancelled: 'This invoice has been cancelled.'
  },
  statement: {
    title: 'Client statement',
    asOf: 'As of {{date}}',
    client: 'Client',
    trips: 'Trips',
    noTrips: 'No trips.',
    totals: 'Totals by currency',
    invoiced: 'Invoiced',
    paid: 'Paid',
    balance: 'Balance'
  },
  report: {
    generated: 'Generated on {{date}}',
    noRows: 'Nothing to report.',
    'invoice-summary': 'Invoice summary',
    invoices: 'Invoices',
    'monthly-revenue': 'Monthly revenue',
    'revenue-by-client': 'Revenue by client',
    'unpaid-invoices': 'Unpaid invoices',
    'trip-margins': 'Trip margins',
    commissions: 'Commissions',
    pipeline: 'Pipeline'
  },
  column: {
    amount: 'Amount',
    balance: 'Balance',
    client_id: 'Client',
    client_name: 'Client name',
    currency: 'Currency',
    destination: 'Destination',
    due_date: 'Due date',
    invoice_id: 'Invoice',
    issue_date: 'Issue date',
    method: 'Method',
    month: 'Month',
    paid: 'Paid',
    payment_date: 'Date',
    reference: 'Reference',
    status: 'Status',
    total_revenue: 'Revenue',
    trip_id: 'Trip',
    year: 'Year',
    commission: 'Commission',
    cost: 'Cost',
    margin: 'Margin',
    sell: 'Sell',
    start_date: 'Start date',
    trips: 'Trips',
    bookings: 'Bookings',
    expected: 'Expected',
    received: 'Received',
    open: 'Open',
    overdue: 'Overdue',
    supplier_id: 'Supplier',
    value: 'Value',
    inquiries: 'Inquiries'
  },
  status: {
    Pending: 'Pending',
    'Partially Paid': 'Partially paid',
    Paid: 'Paid',
    Overdue: 'Overdue',
    Cancelled: 'Cancelled'
  },
  agency: {
    vat: 'VAT no. {{vat}}',
    iban: 'IBAN',
    bic: 'BIC',
    page: 'Page {{page}}'
  }
}

type Catalog<T> = { [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> }
export type DocumentCatalog = Catalog<typeof en>
