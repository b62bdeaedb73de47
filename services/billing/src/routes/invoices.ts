import { todayUtc, BillingProblem, IdParams, Invoice, InvoiceCreate, InvoiceListQuery, InvoicePatch, Problem } from '@travel-crm/contracts'
import { paged, tagged, noContent } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import { Type } from 'typebox'
import { invoicePayload, Invoice as InvoiceEntity } from '../entities/invoice.js'
import { searchInvoices } from '../invoice-search.js'
import { amendInvoice, deleteInvoice, issueInvoice } from '../invoicing.js'
import { moneyOf, optionalMoneyOf } from '../money.js'
import { BillingProblems } from '../problems.js'
import type { TripDirectory } from '../trips.js'

const problems = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: BillingProblem, 503: Problem }

export const invoiceRoutes = servicePlugin<{ trips: TripDirectory }>(async (app, { trips }) => {
  app.post('/invoices', {
    schema: { body: InvoiceCreate, response: { 201: Invoice, ...problems } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const { body } = request
    const change = changeOf(request, BillingProblems.staleVersion)
    const invoice = await issueInvoice(em, events, {
      tripId: body.trip_id,
      issueDate: body.issue_date,
      dueDate: body.due_date,
      amount: moneyOf(body.amount, 'amount')
    }, trips, change)
    return createdResponse(`/invoices/${invoice.id}`, invoice.version, invoicePayload(invoice, change.now))
  }))

  app.get('/invoices', {
    schema: { querystring: InvoiceListQuery, response: { 200: Type.Array(Invoice), 400: Problem } }
  }, async (request, reply) => {
    const now = new Date()
    const { invoices, total } = await searchInvoices(app.orm.em.fork(), request.query, todayUtc(now))
    return await paged(request, reply, total, request.query).send(invoices.map((invoice) => invoicePayload(invoice, now)))
  })

  // `/invoice/:id` is the original API's path, kept as an alias.
  for (const url of ['/invoices/:id', '/invoice/:id']) {
    app.get(url, {
      schema: { params: IdParams, response: { 200: Invoice, ...problems } }
    }, async (request, reply) => {
      const invoice = await app.orm.em.fork().findOne(InvoiceEntity, { id: request.params.id })
      if (invoice === null) throw new BillingProblems.invoiceNotFound(request.params.id)
      return await tagged(reply, invoice.version).send(invoicePayload(invoice))
    })
  }

  app.patch('/invoices/:id', {
    schema: { params: IdParams, body: InvoicePatch, response: { 200: Invoice, ...problems } }
  }, async (request, reply) => {
    const { body } = request
    const change = changeOf(request, BillingProblems.staleVersion)
    const invoice = await app.transact(change.origin, async (em, events) => await amendInvoice(em, events, request.params.id, {
      issueDate: body.issue_date,
      dueDate: body.due_date,
      amount: optionalMoneyOf(body.amount, 'amount'),
      cancel: body.status === 'Cancelled'
    }, change))
    return await tagged(reply, invoice.version).send(invoicePayload(invoice, change.now))
  })

  app.delete('/invoices/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problems } }
  }, async (request, reply) => {
    const change = changeOf(request, BillingProblems.staleVersion)
    await app.transact(change.origin, async (em, events) => { await deleteInvoice(em, events, request.params.id, change) })
    return noContent(reply)
  })
})
