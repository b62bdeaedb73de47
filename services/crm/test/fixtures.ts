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
