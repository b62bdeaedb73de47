import { Type } from 'typebox'
import { Booking, BookingCreate, BookingListQuery, BookingParams, BookingPatch, IdParams } from '@travel-crm/contracts'
import { noContent, paged, problemResponses, tagged } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import { addBooking, deleteBooking, listBookings, readBooking, updateBooking } from '../bookings.js'
import { bookingPayload } from '../entities/booking.js'
import { CrmProblems } from '../problems.js'

export const bookingRoutes = servicePlugin(async (app) => {
  app.get('/trips/:id/bookings', {
    schema: { params: IdParams, querystring: BookingListQuery, response: { 200: Type.Array(Booking), ...problemResponses(404) } }
  }, async (request, reply) => {
    const { rows, total } = await listBookings(app.orm.em.fork(), request.params.id, request.query)
    return paged(request, reply, total, request.query).send(rows.map(bookingPayload))
  })

  app.post('/trips/:id/bookings', {
    schema: { params: IdParams, body: BookingCreate, response: { 201: Booking, ...problemResponses(404, 409, 422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const booking = await addBooking(em, events, changeOf(request, CrmProblems.staleVersion), request.params.id, request.body)
    return createdResponse(`/trips/${booking.tripId}/bookings/${booking.id}`, booking.version, bookingPayload(booking))
  }))

  app.get('/trips/:id/bookings/:bookingId', {
    schema: { params: BookingParams, response: { 200: Booking, ...problemResponses(404) } }
  }, async (request, reply) => {
    const booking = await readBooking(app.orm.em.fork(), request.params.id, request.params.bookingId)
    return tagged(reply, booking.version).send(bookingPayload(booking))
  })

  app.patch('/trips/:id/bookings/:bookingId', {
    schema: { params: BookingParams, body: BookingPatch, response: { 200: Booking, ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const { id, bookingId } = request.params
    const change = changeOf(request, CrmProblems.staleVersion)
    const booking = await app.transact(change.origin, async (em, events) =>
      await updateBooking(em, events, change, id, bookingId, request.body))
    return tagged(reply, booking.version).send(bookingPayload(booking))
  })

  app.delete('/trips/:id/bookings/:bookingId', {
    schema: { params: BookingParams, response: { 204: Type.Null(), ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const { id, bookingId } = request.params
    const change = changeOf(request, CrmProblems.staleVersion)
    await app.transact(change.origin, async (em, events) => { await deleteBooking(em, events, id, bookingId, change) })
    return noContent(reply)
  })
})
