import { BillingProblem, IdParams, Payment, PaymentCreate, PaymentDeleteQuery, PaymentListQuery, PaymentPatch, Problem } from '@travel-crm/contracts'
import { paged, tagged, noContent } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import { Type } from 'typebox'
import { paymentPayload } from '../entities/payment.js'
import { moneyOf, optionalMoneyOf } from '../money.js'
import { amendPayment, deletePayment, recordPayment } from '../payments.js'
import { findPayment, searchPayments } from '../payment-search.js'
import { BillingProblems } from '../problems.js'

const problems = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: BillingProblem, 503: Problem }

export const paymentRoutes = servicePlugin(async (app) => {
  app.post('/payments', {
    schema: { body: PaymentCreate, response: { 201: Payment, ...problems } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const { body } = request
    const change = changeOf(request, BillingProblems.staleVersion)
    const { payment, invoice } = await recordPayment(em, events, {
      invoiceId: body.invoice_id,
      paymentDate: body.payment_date,
      amount: moneyOf(body.amount, 'amount'),
      paymentMethod: body.payment_method,
      reference: body.reference
    }, change)
    return createdResponse(`/payments/${payment.id}`, payment.version, paymentPayload(payment, invoice))
  }))

  app.get('/payments', {
    schema: { querystring: PaymentListQuery, response: { 200: Type.Array(Payment), 400: Problem } }
  }, async (request, reply) => {
    const { payments, total } = await searchPayments(app.orm.em.fork(), request.query)
    return await paged(request, reply, total, request.query).send(payments)
  })

  // `/payment/:id` is the original API's path, kept as an alias.
  for (const url of ['/payments/:id', '/payment/:id']) {
    app.get(url, {
      schema: { params: IdParams, response: { 200: Payment, ...problems } }
    }, async (request, reply) => {
      const payment = await findPayment(app.orm.em.fork(), request.params.id)
      if (payment === undefined) throw new BillingProblems.paymentNotFound(request.params.id)
      return await tagged(reply, payment.version).send(payment)
    })
  }

  app.patch('/payments/:id', {
    schema: { params: IdParams, body: PaymentPatch, response: { 200: Payment, ...problems } }
  }, async (request, reply) => {
    const { body } = request
    const change = changeOf(request, BillingProblems.staleVersion)
    const payload = await app.transact(change.origin, async (em, events) => {
      const { payment, invoice } = await amendPayment(em, events, request.params.id, {
        paymentDate: body.payment_date,
        amount: optionalMoneyOf(body.amount, 'amount'),
        paymentMethod: body.payment_method,
        reference: body.reference
      }, change)
      return paymentPayload(payment, invoice)
    })
    return await tagged(reply, payload.version).send(payload)
  })

  app.delete('/payments/:id', {
    schema: { params: IdParams, querystring: PaymentDeleteQuery, response: { 204: Type.Null(), ...problems } }
  }, async (request, reply) => {
    const change = changeOf(request, BillingProblems.staleVersion)
    const reason = request.query.reason?.trim() ?? null
    await app.transact(change.origin, async (em, events) => { await deletePayment(em, events, request.params.id, change, reason) })
    return noContent(reply)
  })
})
