import { randomUUID } from 'node:crypto'

/** A valid client body; each one has an email address of its own. */
export function aClient (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Ana Lima',
    email: `ana.${randomUUID().slice(0, 8)}@example.com`,
    phone: '+351 912 345 678',
    company: 'Lima Travel',
    ...overrides
  }
}

export function aTrip (clientId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_id: clientId,
    destination: 'Lisbon',
    start_date: '2027-05-01',
    end_date: '2027-05-08',
    price: '1250.00',
    currency: 'EUR',
    notes: 'Window seat',
    ...overrides
  }
}

export function aTraveller (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    first_name: 'Marta',
    last_name: 'Sousa',
    date_of_birth: '1988-03-14',
    nationality: 'PT',
    passport_number: 'CB1234567',
    passport_expiry: '2032-01-31',
    ...overrides
  }
}

export function aSupplier (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'TAP Air Portugal',
    kind: 'airline',
    email: 'agents@flytap.example',
    phone: '+351 21 841 6990',
    default_commission_rate: '7.50',
    ...overrides
  }
}

export function aBooking (supplierId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    supplier_id: supplierId,
    description: 'LIS-FRA return, economy',
    confirmation_ref: 'TP7XQ2',
    start_date: '2027-05-01',
    end_date: '2027-05-08',
    cost: '420.00',
    sell_price: '480.00',
    ...overrides
  }
}
