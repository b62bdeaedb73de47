import type { EntityManager } from '@mikro-orm/postgresql'
import type { PaymentListQuery, PaymentPayload } from '@travel-crm/contracts'
import { findPage, listOrder } from '@travel-crm/service-kit/data'
import { Invoice } from './entities/invoice.js'
import { Payment, paymentPayload } from './entities/payment.js'

export async function searchPayments (em: EntityManager, query: PaymentListQuery): Promise<{ payments: PaymentPayload[], total: number }> {
  const paymentDate = {
    ...(query.from !== undefined ? { $gte: query.from } : {}),
    ...(query.to !== undefined ? { $lte: query.to } : {})
  }
  const { rows: payments, total } = await findPage(em, Payment, {
    where: () => ({
      ...(query.invoice_id !== undefined ? { invoiceId: query.invoice_id } : {}),
      ...(Object.keys(paymentDate).length > 0 ? { paymentDate } : {})
    }),
    order: 'asc',
    sort: listOrder(query.sort, { id: 'id', payment_date: 'paymentDate', amount: 'amount', payment_method: 'paymentMethod', created_at: 'createdAt', updated_at: 'updatedAt' }),
    limit: query.limit,
    offset: query.offset
  })
  const invoices = await em.find(Invoice, { id: { $in: [...new Set(payments.map((payment) => payment.invoiceId))] } })
  const invoiceById = new Map(invoices.map((invoice) => [invoice.id, invoice]))
  return {
    payments: payments.flatMap((payment) => {
      const invoice = invoiceById.get(payment.invoiceId)
      return invoice === undefined ? [] : [paymentPayload(payment, invoice)]
    }),
    total
  }
}

/** One payment with its invoice's trip, client and currency. */
export async function findPayment (em: EntityManager, paymentId: number): Promise<PaymentPayload | undefined> {
  const payment = await em.findOne(Payment, { id: paymentId })
  if (payment === null) return undefined
  const invoice = await em.findOne(Invoice, { id: payment.invoiceId })
  // Gone between the two reads: the invoice was deleted, and its payments with it.
  return invoice === null ? undefined : paymentPayload(payment, invoice)
}
