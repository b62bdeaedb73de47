import { PERSONAL_DATA_SUBJECTS, type BillingPersonalData } from '@travel-crm/contracts'
import { answerPersonalDataQueries, servicePlugin } from '@travel-crm/service-kit/messaging'
import { Invoice, invoicePayload } from '../entities/invoice.js'
import { Payment, paymentPayload } from '../entities/payment.js'

/** Answers crm's `billing.query.personal-data`: the client as billing copied it, its invoices and their payments. */
export const personalDataResponder = servicePlugin(async (app) => {
  answerPersonalDataQueries(app, PERSONAL_DATA_SUBJECTS.billing, 'billing', async (clientId): Promise<BillingPersonalData> => {
    const em = app.orm.em.fork()
    const [client] = await em.execute<Array<Record<string, unknown>>>('select id, name, email, phone, company, version, deleted from client where id = ?', [clientId])
    const invoices = await em.find(Invoice, { clientId }, { orderBy: { id: 'asc' } })
    const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]))
    const payments = invoices.length === 0 ? [] : await em.find(Payment, { invoiceId: { $in: [...byId.keys()] } }, { orderBy: { id: 'asc' } })
    return {
      client: client ?? null,
      invoices: invoices.map((invoice) => invoicePayload(invoice)),
      payments: payments.map((payment) => paymentPayload(payment, byId.get(payment.invoiceId) as Invoice))
    }
  })
})
