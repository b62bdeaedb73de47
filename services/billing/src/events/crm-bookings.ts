import { Value } from 'typebox/value'
import { BookingPayload, type CloudEvent } from '@travel-crm/contracts'
import { changeCausedBy, type ConsumerOptions, type EventHandler } from '@travel-crm/service-kit/messaging'
import { forgetBooking, rememberBooking } from '../commissions/commissions.js'

function bookingOf (event: CloudEvent): BookingPayload {
  if (!Value.Check(BookingPayload, event.data)) throw new Error(`${event.type} ${event.id} does not carry a booking`)
  return event.data
}

/**
 * The commissions suppliers owe, from crm's bookings. A consumer of its own, so that it reads the stream from
 * the start when it is first made: bookings written before billing kept commissions are filled in too.
 */
export function crmBookingConsumer (dueDays: number): ConsumerOptions {
  const bookingChanged: EventHandler = async (em, event, events) => { await rememberBooking(em, events, bookingOf(event), dueDays, changeCausedBy(event)) }
  const bookingDeleted: EventHandler = async (em, event, events) => { await forgetBooking(em, events, bookingOf(event), dueDays, changeCausedBy(event)) }
  return {
    durable: 'billing-bookings',
    filter: 'crm.booking.*',
    handlers: {
      'crm.booking.created': bookingChanged,
      'crm.booking.updated': bookingChanged,
      'crm.booking.deleted': bookingDeleted
    }
  }
}
