import { BillingProblem, IdParams, Payment, PaymentCreate, PaymentListQuery, PaymentPatch, Problem } from '@travel-crm/contracts'
import type { PaymentCreate as PaymentCreateBody, PaymentListQuery as PaymentListQueryString, PaymentPatch as PaymentPatchBody } from '@travel-crm/contracts'
import { createdResponse, etagOf, originOf, paged, respondOnce, type ServiceApp } from '@travel-crm/service-kit'
import { Type } from 'typebox'
import { paymentPayload } from '../entities/payment.js'
import { amendPayment, deletePayment, recordPayment } from '../payments.js'
import { findPayment, searchPayments } from '../payment-search.js'
import { BillingProblems } from '../problems.js'
import { changeBy, moneyOf, optionalMoneyOf } from './requests.js'

interface ById { Params: { id: number } }

const problems = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: BillingProblem, 503: Problem }

export function registerPaymentRoutes (app: ServiceApp): void {
  app.post<{ Body: PaymentCreateBody }>('/payments', {
    schema: { body: PaymentCreate, response: { 201: Payment, ...problems } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const { body } = request
    const change = changeBy(request)
    const { payment, invoice } = await recordPayment(em, events, {
      invoiceId: body.invoice_id,
      paymentDate: body.payment_date,
      amount: moneyOf(body.amount, 'amount'),
      paymentMethod: body.payment_method,
      reference: body.reference
    }, change)
    return createdResponse(`/payments/${payment.id}`, payment.version, paymentPayload(payment, invoice))
  }))

  app.get<{ Querystring: PaymentListQueryString }>('/payments', {
    schema: { querystring: PaymentListQuery, response: { 200: Type.Array(Payment), 400: Problem } }
  }, async (request, reply) => {
    const { payments, total } = await searchPayments(app.orm.em.fork(), request.query)
    return await paged(request, reply, total, request.query).send(payments)
  })

  // `/payment/:id` is the original API's path, kept as an alias.
  for (const url of ['/payments/:id', '/payment/:id']) {
    app.get<ById>(url, {
      schema: { params: IdParams, response: { 200: Payment, ...problems } }
    }, async (request, reply) => {
      const payment = await findPayment(app.orm.em.fork(), request.params.id)
      if (payment === undefined) throw new BillingProblems.paymentNotFound(request.params.id)
      return await reply.header('etag', etagOf(payment.version)).send(payment)
    })
  }

  app.patch<ById & { Body: PaymentPatchBody }>('/payments/:id', {
    schema: { params: IdParams, body: PaymentPatch, response: { 200: Payment, ...problems } }
  }, async (request, reply) => {
    const { body } = request
    const change = changeBy(request)
    const payload = await app.transact(originOf(request), async (em, events) => {
      const { payment, invoice } = await amendPayment(em, events, request.params.id, {
        paymentDate: body.payment_date,
        amount: optionalMoneyOf(body.amount, 'amount'),
        paymentMethod: body.payment_method,
        reference: body.reference
      }, change)
      return paymentPayload(payment, invoice)
    })
    return await reply.header('etag', etagOf(payload.version)).send(payload)
  })

  app.delete<ById>('/payments/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problems } }
  }, async (request, reply) => {
    const change = changeBy(request)
    await app.transact(originOf(request), async (em, events) => { await deletePayment(em, events, request.params.id, change) })
    return await reply.code(204).send()
  })
}
