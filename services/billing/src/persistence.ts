import type { Persistence } from '@travel-crm/service-kit/data'
import { Invoice } from './entities/invoice.js'
import { Payment } from './entities/payment.js'
import { InvoicesPayments20261127100000 } from './migrations/20261127100000-invoices-payments.js'

export const persistence: Persistence = {
  entities: [Invoice, Payment],
  migrations: [{ name: 'InvoicesPayments20261127100000', class: InvoicesPayments20261127100000 }]
}
