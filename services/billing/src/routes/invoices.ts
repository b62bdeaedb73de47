import { todayUtc, BillingProblem, IdParams, Invoice, InvoiceCreate, InvoiceListQuery, InvoicePatch, Problem } from '@travel-crm/contracts'
import type { InvoiceCreate as InvoiceCreateBody, InvoiceListQuery as InvoiceListQueryString, InvoicePatch as InvoicePatchBody } from '@travel-crm/contracts'
import { createdResponse, etagOf, originOf, paged, respondOnce, type ServiceApp } from '@travel-crm/service-kit'
import { Type } from 'typebox'
import { invoicePayload, Invoice as InvoiceEntity } from '../entities/invoice.js'
import { searchInvoices } from '../invoice-search.js'
import { amendInvoice, deleteInvoice, issueInvoice } from '../invoicing.js'
import { BillingProblems } from '../problems.js'
import type { TripDirectory } from '../trips.js'
import { changeBy, moneyOf, optionalMoneyOf } from './requests.js'

interface ById { Params: { id: number } }

const problems = { 400: Problem, 404: Problem, 409: Problem, 412: Problem, 422: BillingProblem, 503: Problem }

export function registerInvoiceRoutes (app: ServiceApp, trips: TripDirectory): void {
  app.post<{ Body: InvoiceCreateBody }>('/invoices', {
    schema: { body: InvoiceCreate, response: { 201: Invoice, ...problems } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const { body } = request
    const change = changeBy(request)
    const invoice = await issueInvoice(em, events, {
      tripId: body.trip_id,
      issueDate: body.issue_date,
      dueDate: body.due_date,
      amount: moneyOf(body.amount, 'amount')
    }, trips, change)
    return createdResponse(`/invoices/${invoice.id}`, invoice.version, invoicePayload(invoice, change.now))
  }))

  app.get<{ Querystring: InvoiceListQueryString }>('/invoices', {
    schema: { querystring: InvoiceListQuery, response: { 200: Type.Array(Invoice), 400: Problem } }
  }, async (request, reply) => {
    const now = new Date()
    const { invoices, total } = await searchInvoices(app.orm.em.fork(), request.query, todayUtc(now))
    return await paged(request, reply, total, request.query).send(invoices.map((invoice) => invoicePayload(invoice, now)))
  })

  // `/invoice/:id` is the original API's path, kept as an alias.
  for (const url of ['/invoices/:id', '/invoice/:id']) {
    app.get<ById>(url, {
      schema: { params: IdParams, response: { 200: Invoice, ...problems } }
    }, async (request, reply) => {
      const invoice = await app.orm.em.fork().findOne(InvoiceEntity, { id: request.params.id })
      if (invoice === null) throw new BillingProblems.invoiceNotFound(request.params.id)
      return await reply.header('etag', etagOf(invoice.version)).send(invoicePayload(invoice))
    })
  }

  app.patch<ById & { Body: InvoicePatchBody }>('/invoices/:id', {
    schema: { params: IdParams, body: InvoicePatch, response: { 200: Invoice, ...problems } }
  }, async (request, reply) => {
    const { body } = request
    const change = changeBy(request)
    const invoice = await app.transact(originOf(request), async (em, events) => await amendInvoice(em, events, request.params.id, {
      issueDate: body.issue_date,
      dueDate: body.due_date,
      amount: optionalMoneyOf(body.amount, 'amount'),
      cancel: body.status === 'Cancelled'
    }, change))
    return await reply.header('etag', etagOf(invoice.version)).send(invoicePayload(invoice, change.now))
  })

  app.delete<ById>('/invoices/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problems } }
  }, async (request, reply) => {
    const change = changeBy(request)
    await app.transact(originOf(request), async (em, events) => { await deleteInvoice(em, events, request.params.id, change) })
    return await reply.code(204).send()
  })
}
