import { todayUtc, BillingProblem, DocumentQuery, IdParams, Invoice, InvoiceCreate, InvoiceExportQuery, ZIP_RESPONSE, InvoiceListQuery, InvoicePatch, PDF_RESPONSE, Problem } from '@travel-crm/contracts'
import { languageOf, paged, refuseReversedPeriod, sendDocument, tagged, noContent } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { DocumentRenderer } from '@travel-crm/documents/renderer'
import { Type } from 'typebox'
import { Invoice as InvoiceEntity } from '../entities/invoice.js'
import { invoiceAnswer } from '../installments/answer.js'
import { dueTermsOf } from '../installments/terms.js'
import { installmentsOf, installmentsOfInvoices } from '../installments/store.js'
import { invoiceFileName, invoicePdf } from '../invoice-documents.js'
import { invoiceArchive } from '../invoice-export.js'
import { searchInvoices } from '../invoice-search.js'
import { amendInvoice, deleteInvoice, issueInvoice } from '../invoicing.js'
import { BillingProblems } from '../problems.js'
import { tripAskedAhead, type TripDirectory } from '../trips.js'

const problems = { 400: Problem, 404: Problem, 409: BillingProblem, 412: Problem, 422: BillingProblem, 503: Problem }

/** Whether `Accept` ranks PDF above JSON (a client that accepts both, or anything, gets JSON as before). */
export function prefersPdf (accept: string | undefined): boolean {
  const quality = (type: string) => Math.max(-1, ...(accept ?? '').split(',').map((range) => {
    const [media = '', ...parameters] = range.trim().toLowerCase().split(';')
    if (media.trim() !== type) return -1
    const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined)
    return q === undefined ? 1 : Number(q)
  }))
  const pdf = quality('application/pdf')
  return pdf > 0 && pdf > quality('application/json')
}

export const invoiceRoutes = servicePlugin<{ trips: TripDirectory, renderer: DocumentRenderer }>(async (app, { trips, renderer }) => {
  app.post('/invoices', {
    schema: { body: InvoiceCreate, response: { 201: Invoice, ...problems } }
  }, async (request, reply) => {
    const { body } = request
    const directory = await tripAskedAhead(app.orm.em.fork(), body.trip_id, body.schedule !== undefined, trips)
    return await respondOnce(app, request, reply, async (em, events) => {
      const change = changeOf(request, BillingProblems.staleVersion)
      const invoice = await issueInvoice(em, events, { tripId: body.trip_id, issueDate: body.issue_date, ...dueTermsOf(body) }, directory, change)
      return createdResponse(`/invoices/${invoice.id}`, invoice.version, invoiceAnswer(invoice, await installmentsOf(em, invoice.id), change.now))
    })
  })

  app.get('/invoices', {
    schema: { querystring: InvoiceListQuery, response: { 200: Type.Array(Invoice), 400: Problem } }
  }, async (request, reply) => {
    const now = new Date()
    const em = app.orm.em.fork()
    const { invoices, total } = await searchInvoices(em, request.query, todayUtc(now))
    const installments = await installmentsOfInvoices(em, invoices.map((invoice) => invoice.id))
    return await paged(request, reply, total, request.query).send(invoices.map((invoice) => invoiceAnswer(invoice, installments.get(invoice.id) ?? [], now)))
  })

  async function sendInvoicePdf (request: FastifyRequest, reply: FastifyReply, invoiceId: number): Promise<FastifyReply> {
    const { number, pdf } = await invoicePdf(app.orm.em.fork(), renderer, invoiceId, languageOf(request), todayUtc())
    return await sendDocument(reply, { type: 'application/pdf', filename: invoiceFileName(number), disposition: 'inline' }, pdf)
  }

  app.get('/invoices/export.zip', {
    schema: { querystring: InvoiceExportQuery, response: { 200: ZIP_RESPONSE, 400: Problem } }
  }, async (request, reply) => {
    const { from, to } = request.query
    refuseReversedPeriod({ from, to })
    const archive = invoiceArchive(app.orm.em.fork(), renderer, { from, to }, languageOf(request), todayUtc())
    reply.raw.on('close', () => { if (!reply.raw.writableFinished) archive.abort() })
    return await sendDocument(reply, { type: 'application/zip', filename: `invoices_${from}_${to}.zip`, disposition: 'attachment' }, archive)
  })

  app.get('/invoices/:id/pdf', {
    schema: { params: IdParams, querystring: DocumentQuery, response: { 200: PDF_RESPONSE, ...problems } }
  }, async (request, reply) => await sendInvoicePdf(request, reply, request.params.id))

  // `/invoice/:id` is the original API's path, kept as an alias.
  for (const url of ['/invoices/:id', '/invoice/:id']) {
    app.get(url, {
      schema: { params: IdParams, response: { 200: Invoice, ...problems } }
    }, async (request, reply) => {
      if (prefersPdf(request.headers.accept)) return await sendInvoicePdf(request, reply, request.params.id)
      const em = app.orm.em.fork()
      const invoice = await em.findOne(InvoiceEntity, { id: request.params.id })
      if (invoice === null) throw new BillingProblems.invoiceNotFound(request.params.id)
      return await tagged(reply, invoice.version).send(invoiceAnswer(invoice, await installmentsOf(em, invoice.id)))
    })
  }

  app.patch('/invoices/:id', {
    schema: { params: IdParams, body: InvoicePatch, response: { 200: Invoice, ...problems } }
  }, async (request, reply) => {
    const { body } = request
    const change = changeOf(request, BillingProblems.staleVersion)
    const answer = await app.transact(change.origin, async (em, events) => {
      const invoice = await amendInvoice(em, events, request.params.id, {
        issueDate: body.issue_date,
        ...dueTermsOf(body),
        cancel: body.status === 'Cancelled'
      }, trips, change)
      return invoiceAnswer(invoice, await installmentsOf(em, invoice.id), change.now)
    })
    return await tagged(reply, answer.version).send(answer)
  })

  app.delete('/invoices/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problems } }
  }, async (request, reply) => {
    const change = changeOf(request, BillingProblems.staleVersion)
    await app.transact(change.origin, async (em, events) => { await deleteInvoice(em, events, request.params.id, change) })
    return noContent(reply)
  })
})
