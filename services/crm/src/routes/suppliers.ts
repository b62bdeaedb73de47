import { Type } from 'typebox'
import { IdParams, Supplier, SupplierCreate, SupplierListQuery, SupplierPatch } from '@travel-crm/contracts'
import { noContent, paged, problemResponses, tagged } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import { supplierPayload } from '../entities/supplier.js'
import { CrmProblems } from '../problems.js'
import { createSupplier, deleteSupplier, listSuppliers, readSupplier, updateSupplier } from '../suppliers.js'

export const supplierRoutes = servicePlugin(async (app) => {
  app.post('/suppliers', {
    schema: { body: SupplierCreate, response: { 201: Supplier, ...problemResponses(422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const supplier = await createSupplier(em, events, changeOf(request, CrmProblems.staleVersion), request.body)
    return createdResponse(`/suppliers/${supplier.id}`, supplier.version, supplierPayload(supplier))
  }))

  app.get('/suppliers', {
    schema: { querystring: SupplierListQuery, response: { 200: Type.Array(Supplier) } }
  }, async (request, reply) => {
    const { rows, total } = await listSuppliers(app.orm.em.fork(), request.query)
    return paged(request, reply, total, request.query).send(rows.map(supplierPayload))
  })

  app.get('/suppliers/:id', {
    schema: { params: IdParams, response: { 200: Supplier, ...problemResponses(404) } }
  }, async (request, reply) => {
    const supplier = await readSupplier(app.orm.em.fork(), request.params.id)
    return tagged(reply, supplier.version).send(supplierPayload(supplier))
  })

  app.patch('/suppliers/:id', {
    schema: { params: IdParams, body: SupplierPatch, response: { 200: Supplier, ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const change = changeOf(request, CrmProblems.staleVersion)
    const supplier = await app.transact(change.origin, async (em, events) =>
      await updateSupplier(em, events, change, request.params.id, request.body))
    return tagged(reply, supplier.version).send(supplierPayload(supplier))
  })

  app.delete('/suppliers/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...problemResponses(404, 409, 412) } }
  }, async (request, reply) => {
    const change = changeOf(request, CrmProblems.staleVersion)
    await app.transact(change.origin, async (em, events) => { await deleteSupplier(em, events, request.params.id, change) })
    return noContent(reply)
  })
})
