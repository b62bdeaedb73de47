import type { DocumentCatalog } from './en.js'

export const es: DocumentCatalog = {
  invoice: {
    title: 'Factura',
    number: 'Número de factura',
    issueDate: 'Fecha de emisión',
    dueDate: 'Fecha de vencimiento',
    billTo: 'Facturar a',
    trip: 'Viaje',
    tripLine: '{{destination}} (viaje {{id}})',
    installments: 'Plazos',
    payments: 'Pagos recibidos',
    noPayments: 'Aún no se ha recibido ningún pago.',
    total: 'Total',
    paid: 'Pagado',
    balance: 'Saldo pendiente',
    status: 'Estado',
    payTo: 'Instrucciones de pago',
    payToText: 'Pague {{balance}} antes del {{dueDate}} en la cuenta indicada, citando {{number}}.',
    paidInFull: 'Pagada en su totalidad. Gracias.',
    cancelled: 'Esta factura ha sido anulada.'
  },
  statement: {
    title: 'Extracto de cliente',
    asOf: 'A {{date}}',
    client: 'Cliente',
    trips: 'Viajes',
    noTrips: 'Sin viajes.',
    totals: 'Totales por moneda',
    invoiced: 'Facturado',
    paid: 'Pagado',
    balance: 'Saldo'
  },
  report: {
    generated: 'Generado el {{date}}',
    noRows: 'Nada que informar.',
    'invoice-summary': 'Resumen de facturas',
    invoices: 'Facturas',
    'monthly-revenue': 'Ingresos mensuales',
    'revenue-by-client': 'Ingresos por cliente',
    'unpaid-invoices': 'Facturas impagadas',
    'trip-margins': 'Márgenes de viajes'
  },
  column: {
    amount: 'Importe',
    balance: 'Saldo',
    client_id: 'Cliente',
    client_name: 'Nombre del cliente',
    currency: 'Moneda',
    destination: 'Destino',
    due_date: 'Vencimiento',
    invoice_id: 'Factura',
    issue_date: 'Emisión',
    method: 'Método',
    month: 'Mes',
    paid: 'Pagado',
    payment_date: 'Fecha',
    reference: 'Referencia',
    status: 'Estado',
    total_revenue: 'Ingresos',
    trip_id: 'Viaje',
    year: 'Año',
    commission: 'Comisión',
    cost: 'Coste',
    margin: 'Margen',
    sell: 'Venta',
    start_date: 'Fecha de inicio',
    trips: 'Viajes'
  },
  status: {
    Pending: 'Pendiente',
    'Partially Paid': 'Pagada en parte',
    Paid: 'Pagada',
    Overdue: 'Vencida',
    Cancelled: 'Anulada'
  },
  agency: {
    vat: 'NIF-IVA {{vat}}',
    iban: 'IBAN',
    bic: 'BIC',
    page: 'Página {{page}}'
  }
}
