import type {
  BookingPayload, ClientPayload, CommissionPayload, InvoicePayload, NotePayload, PaymentPayload, SupplierPayload, TravellerPayload, TripPayload
} from '@travel-crm/contracts'

let lastId = 0
/** Ids unique within a test file, as the owning services would hand them out. */
export function nextId (): number {
  lastId += 1
  return lastId
}

const audit = {
  created_at: '2031-01-10T09:30:00.000Z',
  updated_at: '2031-01-10T09:30:00.000Z',
  created_by: 1,
  updated_by: 1,
  version: 1
}

export function aClient (overrides: Partial<ClientPayload> = {}): ClientPayload {
  const id = overrides.id ?? nextId()
  return { id, name: `Client ${id}`, email: `client${id}@example.test`, phone: '+33 1 23 45 67 89', company: null, ...audit, ...overrides }
}

export function aNote (client: ClientPayload, overrides: Partial<NotePayload> = {}): NotePayload {
  return { id: nextId(), client_id: client.id, note: 'Prefers window seats', ...audit, ...overrides }
}

export function aTrip (client: ClientPayload, overrides: Partial<TripPayload> = {}): TripPayload {
  return {
    id: nextId(),
    client_id: client.id,
    destination: 'Lisbon',
    start_date: '2031-07-01',
    end_date: '2031-07-08',
    price: '1200.00',
    currency: 'EUR',
    notes: null,
    ...audit,
    ...overrides
  }
}

export function anInvoice (trip: TripPayload, overrides: Partial<InvoicePayload> = {}): InvoicePayload {
  return {
    id: nextId(),
    trip_id: trip.id,
    client_id: trip.client_id,
    issue_date: '2031-06-01',
    due_date: '2031-06-30',
    amount: trip.price,
    paid_amount: '0.00',
    currency: trip.currency,
    status: 'Pending',
    ...audit,
    ...overrides
  }
}

export function aPayment (invoice: InvoicePayload, overrides: Partial<PaymentPayload> = {}): PaymentPayload {
  return {
    id: nextId(),
    invoice_id: invoice.id,
    trip_id: invoice.trip_id,
    client_id: invoice.client_id,
    amount: '100.00',
    currency: invoice.currency,
    payment_date: '2031-06-05',
    payment_method: 'card',
    reference: null,
    ...audit,
    ...overrides
  }
}

export function aBooking (trip: TripPayload, overrides: Partial<BookingPayload> = {}): BookingPayload {
  return {
    id: nextId(),
    trip_id: trip.id,
    supplier_id: 1,
    kind: 'hotel',
    description: 'Seven nights, half board',
    confirmation_ref: null,
    start_date: trip.start_date,
    end_date: trip.end_date,
    status: 'confirmed',
    currency: trip.currency,
    cost: '800.00',
    sell_price: '1000.00',
    commission: '50.00',
    commission_rate: null,
    ...audit,
    ...overrides
  }
}

/** A booking's commission as billing announces it: nothing received yet. */
export function aCommission (booking: BookingPayload, overrides: Partial<CommissionPayload> = {}): CommissionPayload {
  return {
    id: booking.id,
    booking_id: booking.id,
    trip_id: booking.trip_id,
    supplier_id: booking.supplier_id,
    currency: booking.currency,
    expected: booking.commission,
    received: '0.00',
    balance: booking.commission,
    due_date: '2031-07-01',
    status: 'Expected',
    ...audit,
    ...overrides
  }
}

/** A traveller on the trip with a passport valid long after it. */
export function aTraveller (trip: TripPayload, overrides: Partial<TravellerPayload> = {}): TravellerPayload {
  const id = overrides.id ?? nextId()
  return {
    id,
    trip_id: trip.id,
    client_id: null,
    first_name: 'Ana',
    last_name: `Traveller ${id}`,
    date_of_birth: '1990-04-02',
    nationality: 'PT',
    has_passport_number: true,
    passport_expiry: '2036-01-01',
    lead: false,
    ...audit,
    ...overrides
  }
}

export function aSupplier (overrides: Partial<SupplierPayload> = {}): SupplierPayload {
  const id = overrides.id ?? nextId()
  return { id, name: `Supplier ${id}`, kind: 'hotel', email: null, phone: null, default_commission_rate: '10.00', ...audit, ...overrides }
}

/** The same record as a later event describes it. */
export function changed<Payload extends { version: number }> (payload: Payload, changes: Partial<Payload>): Payload {
  return { ...payload, ...changes, version: changes.version ?? payload.version + 1, updated_at: '2031-02-01T12:00:00.000Z' }
}
