/**
 * A believable request body for each route that takes one, shown in Swagger UI and copied into the Postman
 * collection. `test/docs/openapi.test.ts` checks each against its operation's schema and sends it.
 */
export const REQUEST_EXAMPLES: Record<string, unknown> = {
  'POST /register': { username: 'maria.rossi', password: 'correct-horse-battery', role: 'agent' },
  'POST /login': { username: 'maria.rossi', password: 'correct-horse-battery' },
  'POST /refresh': { refresh_token: 'the refresh_token that /login returned' },
  'POST /logout': { refresh_token: 'the refresh_token that /login returned' },
  'POST /session': { username: 'maria.rossi', password: 'correct-horse-battery' },
  'POST /me/password': { current_password: 'correct-horse-battery', new_password: 'correct-horse-battery-staple' },
  'PATCH /users/:id': { role: 'analyst' },
  'POST /clients': { name: 'Ana Pereira', email: 'ana.pereira@example.com', phone: '+351 21 555 0142', company: 'Atlântico Lda' },
  'PATCH /clients/:id': { phone: '+351 91 555 0199' },
  'POST /trips': { client_id: 1, destination: 'Lisbon', start_date: '2027-05-01', end_date: '2027-05-08', price: '1200.50', currency: 'EUR', notes: 'Window seat, vegetarian meals' },
  'PATCH /trips/:id': { end_date: '2027-05-10', price: '1390.00' },
  'POST /clients/:id/notes': { note: 'Prefers morning flights; travels with a small dog.' },
  'POST /clients/:id/erase': { reason: 'The client asked by email on 2027-03-02 to be forgotten' },
  'PATCH /clients/:id/notes/:noteId': { note: 'Prefers morning flights.' },
  'POST /trips/:id/travellers': {
    first_name: 'Ana', last_name: 'Pereira', date_of_birth: '1985-09-12', nationality: 'PT', passport_number: 'CB1234567',
    passport_expiry: '2031-04-30', lead: true, client_id: 1
  },
  'PATCH /trips/:id/travellers/:travellerId': { passport_expiry: '2033-04-30' },
  'POST /suppliers': { name: 'TAP Air Portugal', kind: 'airline', email: 'agencies@flytap.example', phone: '+351 21 841 6990', default_commission_rate: '7.00' },
  'PATCH /suppliers/:id': { default_commission_rate: '8.50' },
  'POST /trips/:id/bookings': {
    supplier_id: 1, kind: 'airline', description: 'LIS-FRA-LIS, economy, 2 passengers', confirmation_ref: 'TP7XQ2',
    start_date: '2027-05-01', end_date: '2027-05-08', status: 'confirmed', currency: 'EUR', cost: '412.00', sell_price: '468.00'
  },
  'PATCH /trips/:id/bookings/:bookingId': { status: 'cancelled' },
  'POST /invoices': { trip_id: 1, issue_date: '2027-01-10', due_date: '2027-02-10', amount: '1200.50' },
  'PATCH /invoices/:id': { due_date: '2027-02-24' },
  'POST /payments': { invoice_id: 1, payment_date: '2027-01-15', amount: '400.00', payment_method: 'card', reference: 'TX-2027-0042' },
  'PATCH /payments/:id': { reference: 'TX-2027-0043' },
  'POST /commission-payments': { booking_id: 1, amount: '20.00', received_date: '2027-06-10' },
  'POST /webhooks': { url: 'https://hooks.example.com/travel-crm', events: ['billing.payment.recorded', 'billing.invoice.*'], description: 'Accounting sync' },
  'PATCH /webhooks/:id': { events: ['billing.>'] },
  'POST /webhooks/:id/replay': { since: '2027-01-15T00:00:00Z' },
  'PUT /settings/agency': {
    legal_name: 'Nordresor Åkesson AB',
    address: 'Götgatan 12\n116 46 Stockholm\nSweden',
    vat_number: 'SE556677889901',
    iban: 'SE45 5000 0000 0583 9825 7466',
    bic: 'ESSESESS',
    email: 'office@nordresor.example',
    phone: '+46 8 555 010 20',
    invoice_footer: 'Registered office Stockholm. Approved for F-tax.',
    invoice_number_format: '{year}-{seq:6}'
  }
}
