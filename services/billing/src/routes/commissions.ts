import { BillingProblem, Commission, CommissionListQuery, CommissionPayment, CommissionPaymentCreate, Problem, todayUtc } from '@travel-crm/contracts'
import { paged } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import { Type } from 'typebox'
import { recordCommissionPayment, searchCommissions } from '../commissions/commissions.js'
import { commissionPayload, commissionPaymentPayload } from '../commissions/entities.js'
import { moneyOf } from '../money.js'
import { BillingProblems } from '../problems.js'

const problems = { 400: Problem, 404: Problem, 409: Problem, 422: BillingProblem, 503: Problem }

export const commissionRoutes = servicePlugin(async (app) => {
  app.get('/commissions', {
    schema: { querystring: CommissionListQuery, response: { 200: Type.Array(Commission), 400: Problem } }
  }, async (request, reply) => {
    const now = new Date()
    const { commissions, total } = await searchCommissions(app.orm.em.fork(), request.query, todayUtc(now))
    return await paged(request, reply, total, request.query).send(commissions.map((commission) => commissionPayload(commission, now)))
  })

  app.post('/commission-payments', {
    schema: { body: CommissionPaymentCreate, response: { 201: CommissionPayment, ...problems } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const { body } = request
    const change = changeOf(request, BillingProblems.staleVersion)
    const { payment, commission } = await recordCommissionPayment(em, events, {
      bookingId: body.booking_id,
      amount: moneyOf(body.amount, 'amount'),
      receivedDate: body.received_date
    }, change)
    return createdResponse(`/commissions?supplier_id=${commission.supplierId}`, payment.version, commissionPaymentPayload(payment, commission))
  }))
})
