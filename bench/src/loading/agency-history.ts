import type { BookingPayload, ClientPayload, CommissionPayload, EventSubject, InvoicePayload, PaymentPayload, TravellerPayload, TripPayload } from '@travel-crm/contracts'
import type { EventDraft } from '@travel-crm/service-kit/messaging'

/**
 * Years of an agency's work as the events crm and billing would have published for it: clients, their trips,
 * the trips' travellers and bookings, invoices on the trips and payments on the invoices. Ids start past anything the running services hand out
 * during a bench, so this history never collides with records made through the API.
 */
export const HISTORY_FIRST_ID = 1_000_000_001

export interface HistorySize {
  clients: number
  trips: number
  travellers: number
  bookings: number
  commissions: number
  invoices: number
  payments: number
}

/**
 * The issue's sizes: 10,000 clients, 100,000 invoices and 1,000,000 payments (two trips per client, each with
 * three bookings).
 */
export function historySize (scale: number): HistorySize {
  const clients = Math.max(10, Math.round(10_000 * scale))
  const invoices = Math.max(30, Math.round(100_000 * scale))
  return { clients, trips: clients * 2, travellers: clients * 2 * TRAVELLERS_PER_TRIP, bookings: clients * 2 * BOOKINGS_PER_TRIP, commissions: commissionsOn(clients * 2 * BOOKINGS_PER_TRIP), invoices, payments: paymentsOn(invoices) }
}

const DESTINATIONS = [
  'Lisbon', 'Porto', 'Madeira', 'Seville', 'Barcelona', 'Reykjavik', 'Tromsø', 'Kyoto', 'Osaka', 'Hanoi',
  'Cape Town', 'Marrakesh', 'Buenos Aires', 'Lima', 'Cusco', 'Vancouver', 'Québec', 'Dubrovnik', 'Split', 'Crete'
]
/** A flight, a hotel and a transfer: one booking in ten is cancelled, one in twenty in a currency of its own. */
const BOOKINGS_PER_TRIP = 3
const BOOKING_KINDS = ['airline', 'hotel', 'transfer'] as const
/** Two travellers a trip: one in five has no passport number yet, one in seven a passport expiring too soon. */
const TRAVELLERS_PER_TRIP = 2
/** One trip in seventeen departs in the 45 days after the day the history is made (for the departures report). */
const DEPARTING_SOON = 17
const DEPARTURE_DAYS = 45
const PAYMENT_METHODS = ['card', 'bank transfer', 'cash', 'paypal']
const DAY_MS = 86_400_000
const FIRST_DAY = Date.UTC(2025, 0, 1)

function day (offset: number): string {
  return new Date(FIRST_DAY + offset * DAY_MS).toISOString().slice(0, 10)
}

/** The day a trip starts, counted from FIRST_DAY: a week apart over two years, some in the coming weeks. */
function tripStart (tripIndex: number): number {
  if (tripIndex % DEPARTING_SOON !== DEPARTING_SOON - 1) return (tripIndex * 7) % 700
  const today = Math.floor((Date.now() - FIRST_DAY) / DAY_MS)
  return today + (tripIndex % DEPARTURE_DAYS)
}

/**
 * A third of the invoices is unpaid (half of those overdue), a third paid in full by twelve payments and a
 * third half paid by eighteen: 1,000,000 payments on 100,000 invoices, every status present.
 */
const PLANS = [
  { amount: '500.00', payments: 0, each: '0.00' },
  { amount: '1200.00', payments: 12, each: '100.00' },
  { amount: '1800.00', payments: 18, each: '50.00' }
] as const

function planOf (invoiceIndex: number) {
  return PLANS[invoiceIndex % PLANS.length] as (typeof PLANS)[number]
}

/** Two bookings in three earn a commission, which billing announces as a receivable. */
function hasCommission (bookingIndex: number): boolean {
  return bookingIndex % 3 !== 0
}

function commissionsOn (bookings: number): number {
  let total = 0
  for (let index = 0; index < bookings; index++) if (hasCommission(index)) total += 1
  return total
}

/**
 * How each trip came in and where it stands now, by its index: seven in ten moved on (six booked, one lost),
 * two are still an inquiry or a quote, one was booked from the start.
 */
const PIPELINE = [
  ['inquiry', 'booked'], ['inquiry', 'booked'], ['inquiry', 'booked'], ['inquiry', 'booked'], ['quoted', 'booked'],
  ['quoted', 'booked'], ['inquiry', 'cancelled'], ['inquiry', 'inquiry'], ['quoted', 'quoted'], ['booked', 'booked']
] as const

function pipelineOf (tripIndex: number) {
  return PIPELINE[tripIndex % PIPELINE.length] as (typeof PIPELINE)[number]
}

function paymentsOn (invoices: number): number {
  let total = 0
  for (let index = 0; index < invoices; index++) total += planOf(index).payments
  return total
}

function audit (offset: number, actor: number) {
  const at = new Date(FIRST_DAY + offset * DAY_MS + 9 * 3600_000).toISOString()
  return { created_at: at, updated_at: at, created_by: actor, updated_by: actor, version: 1 }
}

function draft (subject: EventSubject, kind: string, data: { id: number }): EventDraft {
  return { subject, about: `${kind}/${data.id}`, data }
}

/**
 * The history in the order the services would have published it: every client, then the trips, then the
 * invoices, then the payments (the read models accept any order; this one touches each total once).
 */
export function * agencyHistory (size: HistorySize, actor: number): Generator<EventDraft> {
  const clientId = (index: number) => HISTORY_FIRST_ID + index
  for (let index = 0; index < size.clients; index++) {
    const client: ClientPayload = {
      id: clientId(index),
      name: `History Client ${index + 1}`,
      email: `history-${index + 1}@example.com`,
      phone: `+351 21 ${String(index).padStart(7, '0')}`,
      company: index % 4 === 0 ? `Company ${index % 500}` : null,
      ...audit(index % 365, actor)
    }
    yield draft('crm.client.created', 'client', client)
  }

  const currencyOf = (clientIndex: number) => clientIndex % 10 === 0 ? 'USD' : 'EUR'
  const tripClient = (tripIndex: number) => tripIndex % size.clients
  for (let index = 0; index < size.trips; index++) {
    const start = tripStart(index)
    const [cameInAs, now] = pipelineOf(index)
    const trip: TripPayload = {
      id: HISTORY_FIRST_ID + index,
      client_id: clientId(tripClient(index)),
      destination: DESTINATIONS[index % DESTINATIONS.length] as string,
      start_date: day(start),
      end_date: day(start + 7),
      price: '2400.00',
      currency: currencyOf(tripClient(index)),
      notes: null,
      status: cameInAs,
      ...audit(start, actor)
    }
    if (cameInAs === now) {
      yield draft('crm.trip.created', 'trip', trip)
      continue
    }
    // A trip that moved on (three days after it came in) is given by its latest event alone: version 2 names
    // the status it came in with, and reporting skips an older version that comes after a newer one anyway.
    const { updated_at: movedAt } = audit(start + 3, actor)
    const moved: TripPayload = { ...trip, status: now, previous_status: cameInAs, status_changed_at: movedAt, updated_at: movedAt, version: 2 }
    yield draft('crm.trip.updated', 'trip', moved)
  }

  for (let index = 0; index < size.travellers; index++) {
    const tripIndex = Math.floor(index / TRAVELLERS_PER_TRIP)
    const start = tripStart(tripIndex)
    const traveller: TravellerPayload = {
      id: HISTORY_FIRST_ID + index,
      trip_id: HISTORY_FIRST_ID + tripIndex,
      client_id: index % TRAVELLERS_PER_TRIP === 0 ? clientId(tripClient(tripIndex)) : null,
      first_name: `Traveller ${index + 1}`,
      last_name: `History ${tripIndex + 1}`,
      date_of_birth: null,
      nationality: null,
      has_passport_number: index % 5 !== 0,
      passport_expiry: day(start + (index % 7 === 0 ? 100 : 2000)),
      lead: index % TRAVELLERS_PER_TRIP === 0,
      ...audit(start, actor)
    }
    yield draft('crm.traveller.created', 'traveller', traveller)
  }

  for (let index = 0; index < size.bookings; index++) {
    const tripIndex = Math.floor(index / BOOKINGS_PER_TRIP)
    const start = tripStart(tripIndex)
    const cost = 300 + (index % 37) * 11
    const booking: BookingPayload = {
      id: HISTORY_FIRST_ID + index,
      trip_id: HISTORY_FIRST_ID + tripIndex,
      supplier_id: 1 + (index % 40),
      kind: BOOKING_KINDS[index % BOOKING_KINDS.length] as (typeof BOOKING_KINDS)[number],
      description: 'History booking',
      confirmation_ref: null,
      start_date: day(start),
      end_date: day(start + 7),
      status: index % 10 === 0 ? 'cancelled' : index % 4 === 0 ? 'pending' : 'confirmed',
      currency: index % 20 === 0 ? 'GBP' : currencyOf(tripClient(tripIndex)),
      cost: `${cost}.45`,
      sell_price: `${cost + 120}.90`,
      commission: hasCommission(index) ? '25.15' : '0.00',
      commission_rate: null,
      ...audit(start, actor)
    }
    yield draft('crm.booking.created', 'booking', booking)
    if (!hasCommission(index)) continue
    const expected = booking.commission
    // A third received in full, a third in part, a third not yet: every status, overdue ones among them.
    const received = index % 3 === 1 ? expected : index % 3 === 2 ? '10.00' : '0.00'
    const commission: CommissionPayload = {
      id: booking.id,
      booking_id: booking.id,
      trip_id: booking.trip_id,
      supplier_id: booking.supplier_id,
      currency: booking.currency,
      expected,
      received,
      balance: received === expected ? '0.00' : received === '10.00' ? '15.15' : expected,
      due_date: day(start + 37),
      status: booking.status === 'cancelled' ? 'Cancelled' : received === expected ? 'Received' : received === '0.00' ? 'Expected' : 'Partially Received',
      ...audit(start, actor)
    }
    yield draft('billing.commission.updated', 'commission', commission)
  }

  const invoiceTrip = (invoiceIndex: number) => invoiceIndex % size.trips
  const issueOffset = (invoiceIndex: number) => invoiceIndex % 640
  for (let index = 0; index < size.invoices; index++) {
    const plan = planOf(index)
    const issued = issueOffset(index)
    const trip = invoiceTrip(index)
    const invoice: InvoicePayload = {
      id: HISTORY_FIRST_ID + index,
      trip_id: HISTORY_FIRST_ID + trip,
      client_id: clientId(tripClient(trip)),
      issue_date: day(issued),
      // Unpaid invoices: half fell due long ago (overdue), half are due in the years ahead.
      due_date: day(issued + (index % 2 === 0 ? 30 : 1500)),
      amount: plan.amount,
      paid_amount: '0.00',
      currency: currencyOf(tripClient(trip)),
      status: 'Pending',
      ...audit(issued, actor)
    }
    yield draft('billing.invoice.created', 'invoice', invoice)
  }

  let paymentId = HISTORY_FIRST_ID
  for (let index = 0; index < size.invoices; index++) {
    const plan = planOf(index)
    const trip = invoiceTrip(index)
    for (let number = 0; number < plan.payments; number++) {
      const paid = issueOffset(index) + number * 3
      const payment: PaymentPayload = {
        id: paymentId++,
        invoice_id: HISTORY_FIRST_ID + index,
        trip_id: HISTORY_FIRST_ID + trip,
        client_id: clientId(tripClient(trip)),
        amount: plan.each,
        currency: currencyOf(tripClient(trip)),
        payment_date: day(paid),
        payment_method: PAYMENT_METHODS[paymentId % PAYMENT_METHODS.length] as string,
        reference: number === 0 ? `INV-${index + 1}` : null,
        ...audit(paid, actor)
      }
      yield draft('billing.payment.recorded', 'payment', payment)
    }
  }
}

export function historyEvents (size: HistorySize): number {
  return size.clients + size.trips + size.travellers + size.bookings + size.commissions + size.invoices + size.payments
}
