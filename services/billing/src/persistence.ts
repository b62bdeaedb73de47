import type { Persistence } from '@travel-crm/service-kit/data'
import { Invoice } from './entities/invoice.js'
import { Payment } from './entities/payment.js'
import { InvoicesPayments20261127100000 } from './migrations/20261127100000-invoices-payments.js'
import { InvoiceNumbers20261205010000 } from './migrations/20261205010000-invoice-numbers.js'
import { Agency20261205020000 } from './migrations/20261205020000-agency.js'
import { ClientReplica20261205030000 } from './migrations/20261205030000-client-replica.js'
import { MoneyHistory20261205211000 } from './migrations/20261205211000-money-history.js'
import { Installments20261206100000 } from './migrations/20261206100000-installments.js'
import { InvoiceReminders20261206110000 } from './migrations/20261206110000-invoice-reminders.js'
import { Commissions20261206120000 } from './migrations/20261206120000-commissions.js'
import { Commission, CommissionPayment } from './commissions/entities.js'

export const persistence: Persistence = {
  entities: [Invoice, Payment, Commission, CommissionPayment],
  migrations: [
    { name: 'InvoicesPayments20261127100000', class: InvoicesPayments20261127100000 },
    { name: 'InvoiceNumbers20261205010000', class: InvoiceNumbers20261205010000 },
    { name: 'Agency20261205020000', class: Agency20261205020000 },
    { name: 'ClientReplica20261205030000', class: ClientReplica20261205030000 },
    { name: 'MoneyHistory20261205211000', class: MoneyHistory20261205211000 },
    { name: 'Installments20261206100000', class: Installments20261206100000 },
    { name: 'InvoiceReminders20261206110000', class: InvoiceReminders20261206110000 },
    { name: 'Commissions20261206120000', class: Commissions20261206120000 }
  ]
}
