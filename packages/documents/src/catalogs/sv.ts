import type { DocumentCatalog } from './en.js'

export const sv: DocumentCatalog = {
  invoice: {
    title: 'Faktura',
    number: 'Fakturanummer',
    issueDate: 'Fakturadatum',
    dueDate: 'Förfallodatum',
    billTo: 'Faktureras till',
    trip: 'Resa',
    tripLine: '{{destination}} (resa {{id}})',
    installments: 'Delbetalningar',
    payments: 'Mottagna betalningar',
    noPayments: 'Inga betalningar har kommit in ännu.',
    total: 'Summa',
    paid: 'Betalt',
    balance: 'Att betala',
    status: 'Status',
    payTo: 'Betalningsinstruktioner',
    payToText: 'Betala {{balance}} senast {{dueDate}} till kontot nedan och ange {{number}}.',
    paidInFull: 'Fakturan är betald. Tack!',
    cancelled: 'Fakturan är makulerad.'
  },
  statement: {
    title: 'Kontoutdrag',
    asOf: 'Per {{date}}',
    client: 'Kund',
    trips: 'Resor',
    noTrips: 'Inga resor.',
    totals: 'Summor per valuta',
    invoiced: 'Fakturerat',
    paid: 'Betalt',
    balance: 'Saldo'
  },
  report: {
    generated: 'Skapad {{date}}',
    noRows: 'Inget att rapportera.',
    'invoice-summary': 'Fakturaöversikt',
    invoices: 'Fakturor',
    'monthly-revenue': 'Intäkter per månad',
    'revenue-by-client': 'Intäkter per kund',
    'unpaid-invoices': 'Obetalda fakturor',
    'trip-margins': 'Marginaler per resa'
  },
  column: {
    amount: 'Belopp',
    balance: 'Saldo',
    client_id: 'Kund',
    client_name: 'Kundnamn',
    currency: 'Valuta',
    destination: 'Resmål',
    due_date: 'Förfallodatum',
    invoice_id: 'Faktura',
    issue_date: 'Fakturadatum',
    method: 'Sätt',
    month: 'Månad',
    paid: 'Betalt',
    payment_date: 'Datum',
    reference: 'Referens',
    status: 'Status',
    total_revenue: 'Intäkter',
    trip_id: 'Resa',
    year: 'År',
    commission: 'Provision',
    cost: 'Kostnad',
    margin: 'Marginal',
    sell: 'Försäljning',
    start_date: 'Startdatum',
    trips: 'Resor'
  },
  status: {
    Pending: 'Obetald',
    'Partially Paid': 'Delvis betald',
    Paid: 'Betald',
    Overdue: 'Förfallen',
    Cancelled: 'Makulerad'
  },
  agency: {
    vat: 'Momsreg.nr {{vat}}',
    iban: 'IBAN',
    bic: 'BIC',
    page: 'Sida {{page}}'
  }
}
