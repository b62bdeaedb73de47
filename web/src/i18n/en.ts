// English, the reference catalog: the key-completeness test holds every other language to these keys.
export interface Catalog { [key: string]: string | Catalog }

export const en = {
  app: { name: 'Travel CRM' },
  live: { on: 'Live', off: 'Offline', onHint: 'Changes by others appear as they happen', offHint: 'Reconnecting: changes by others appear after reconnecting' },
  nav: {
    agency: 'Agency', suppliers: 'Suppliers', dashboard: 'Dashboard', clients: 'Clients', trips: 'Trips', invoices: 'Invoices', reports: 'Reports', users: 'Users', webhooks: 'Webhooks',
    logout: 'Log out', language: 'Language', menu: 'Menu', sections: 'Sections',
    commissions: 'Commissions'
  },
  roles: { admin: 'Admin', agent: 'Agent', analyst: 'Analyst' },
  account: {
    title: 'Your account', linkLabel: 'Your account ({{username}})', changePassword: 'Change password', current: 'Current password',
    new: 'New password', repeat: 'New password again', rules: '10 to 200 characters, not your username', submit: 'Change password',
    mismatch: 'The two new passwords differ.', changed: 'Your password is changed. Other devices must sign in again.'
  },
  login: {
    title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in',
    failed: 'Unknown username or wrong password.'
  },
  common: {
    save: 'Save', close: 'Close', cancel: 'Cancel', edit: 'Edit', delete: 'Delete', actions: 'Actions', loading: 'Loading…',
    none: 'Nothing here yet.', csv: 'Download CSV', pdf: 'Download PDF', currency: 'Currency', pageOf: '{{from}}–{{to}} of {{total}}', added: 'Added'
  },
  errors: {
    title: 'That did not work',
    forbiddenTitle: 'Not allowed',
    forbidden: 'Your role may not do this. Ask an admin if you need it.',
    notFoundTitle: 'Not found',
    notFound: 'This record does not exist, or was deleted.',
    stale: 'Someone else changed this record first.',
    tooMany: 'Too many requests: wait a moment and try again.',
    unavailable: 'The service is unavailable right now; try again shortly.',
    network: 'No answer from the server: check the connection.'
  },
  archive: {
    filter: 'Archived records', live: 'Active', include: 'With archived', only: 'Archived only', badge: 'Archived',
    archive: 'Archive', restore: 'Restore', archived: 'Archived: out of the lists, kept in every report.', restored: 'Restored.'
  },
  problems: {
    CRM_CLIENT_HAS_PAYMENTS: 'Payments received on this client\'s trips: {{payments}}. Money received is kept: archive the client instead.',
    CRM_TRIP_HAS_PAYMENTS: 'Payments received on this trip: {{payments}}. Money received is kept: archive the trip instead.',
    CRM_CLIENT_ARCHIVED: 'This client is archived: restore it first.',
    BILLING_CLIENT_ARCHIVED: 'This client is archived: restore it before billing it.',
    BILLING_TRIP_ARCHIVED: 'This trip is archived: restore it before billing it.',
    AUTH_WRONG_CURRENT_PASSWORD: 'The current password is not right.',
    AUTH_LAST_ADMIN: 'This is the last active admin: make another user admin first.',
    AUTH_USERNAME_TAKEN: 'That username is taken.',
    AUTH_PASSWORD_IS_USERNAME: 'The password must not be the username.',
    CRM_CLIENT_EMAIL_TAKEN: 'Another client already has this email address.'
  },
  stale: {
    title: 'Changed by someone else',
    body: 'Someone saved this record after you opened it. What you typed is still here.',
    reload: 'Load their version',
    reloaded: 'Their version: {{details}}. Your typing is kept; save to replace their version with it.'
  },
  statement: {
    title: 'Statement', totals: 'Statement totals', invoiced: 'Invoiced', paid: 'Paid', balance: 'Open balance',
    lines: 'Statement lines', day: 'Date', entry: 'Entry', charged: 'Charged', received: 'Received',
    invoiceLine: 'Invoice {{id}} · {{destination}} · {{status}}', paymentLine: 'Payment on invoice {{id}} · {{method}}'
  },
  status: { all: 'All', Pending: 'Pending', 'Partially Paid': 'Partially paid', Paid: 'Paid', Overdue: 'Overdue', Cancelled: 'Cancelled' },
  dashboard: {
    title: 'Dashboard', revenueThisMonth: 'Revenue this month', revenue12: 'Revenue, last 12 months',
    balances: 'Open and overdue balances', open: 'Open', overdue: 'Overdue',
    dueSoon: 'Invoices due in the next 14 days', departures: 'Upcoming departures', topClients: 'Top clients',
    overdueInvoices_one: '{{count}} overdue invoice', overdueInvoices_other: '{{count}} overdue invoices',
    allInvoices: 'All invoices'
  },
  clients: {
    title: 'Clients', new: 'New client', edit: 'Edit client', search: 'Search clients', searchHint: 'Type part of a name',
    name: 'Name', email: 'Email', phone: 'Phone', company: 'Company', statementCsv: 'Statement (CSV)', statementPdf: 'Statement (PDF)',
    confirmDelete: 'Delete {{name}} with their trips and notes?'
  },
  tripStatus: { all: 'All', inquiry: 'Inquiry', quoted: 'Quoted', booked: 'Booked', completed: 'Completed', cancelled: 'Cancelled' },
  trips: {
    status: 'Status', moveTo: 'Mark as {{status}}', moves: 'Move the trip', moved: 'The trip is now {{status}}.', byStatus: 'Trips by status',
    title: 'Trips', new: 'New trip', edit: 'Edit trip', heading: 'Trip to {{destination}}', client: 'Client',
    destination: 'Destination', startDate: 'Departure', endDate: 'Return', dates: 'Dates', price: 'Price', notes: 'Notes',
    startsFrom: 'Departing from', startsTo: 'Departing until'
  },
  travellers: {
    title: 'Travellers', add: 'Add traveller', edit: 'Edit traveller', firstName: 'First name', lastName: 'Last name',
    name: 'Name', dateOfBirth: 'Date of birth', nationality: 'Nationality', nationalityHint: 'Two letters, such as SE or ES',
    passportNumber: 'Passport number', passportExpiry: 'Passport expires', lead: 'Lead traveller', leadBadge: 'Lead',
    editNamed: 'Edit {{name}}', removeNamed: 'Remove {{name}}', confirmRemove: 'Remove {{name}} from this trip?',
    passportTooSoon: 'The passport of {{name}} expires less than six months after the trip ends.', passportWarning: 'Passport expires too soon'
  },
  bookings: {
    title: 'Bookings', add: 'Add booking', edit: 'Edit booking', supplier: 'Supplier', kind: 'Kind', description: 'Description',
    confirmationRef: 'Confirmation', startDate: 'From', endDate: 'Until', status: 'Status', cost: 'Cost', sell: 'Sell price',
    commission: 'Commission', commissionHint: 'Leave empty for the supplier\'s default rate', margin: 'Margin', totals: 'Totals per currency',
    editNamed: 'Edit {{description}}', cancelNamed: 'Cancel {{description}}', confirmCancel: 'Cancel the booking {{description}}?'
  },
  bookingStatus: { pending: 'Pending', confirmed: 'Confirmed', cancelled: 'Cancelled' },
  suppliers: {
    title: 'Suppliers', new: 'New supplier', edit: 'Edit supplier', name: 'Name', kind: 'Kind', email: 'Email', phone: 'Phone',
    rate: 'Default commission (%)', editNamed: 'Edit {{name}}', deleteNamed: 'Delete {{name}}', confirmDelete: 'Delete the supplier {{name}}?',
    deleted: '{{name}} was deleted.'
  },
  supplierKinds: { airline: 'Airline', hotel: 'Hotel', transfer: 'Transfer', tour: 'Tour', insurance: 'Insurance', car: 'Car hire', cruise: 'Cruise', other: 'Other' },
  agency: {
    title: 'Agency details', intro: 'What the invoices, statements and reports print in their header, payment instructions and footer.',
    legalName: 'Legal name', address: 'Address', vatNumber: 'VAT number', iban: 'IBAN', bic: 'BIC', email: 'Email', phone: 'Phone',
    footer: 'Invoice footer', numberFormat: 'Invoice number format', logo: 'Logo (PNG or SVG, at most 100 kB)', currentLogo: 'The agency\'s logo',
    removeLogo: 'Remove logo', logoTooLarge: 'The logo is larger than 100 kB.', saved: 'The agency details are saved.'
  },
  invoices: {
    title: 'Invoices', new: 'New invoice', number: 'Invoice', numbered: 'Invoice {{number}}', pdf: 'Invoice PDF', month: 'Month', zip: 'The month\'s invoices (zip)', amount: 'Amount', paid: 'Paid',
    balance: 'Open balance', status: 'Status', dueDate: 'Due', issueDate: 'Issued', for: 'For', trip: 'Trip', client: 'Client',
    cancel: 'Cancel invoice', confirmCancel: 'Cancel invoice {{id}}? It cannot be paid afterwards.'
  },
  payments: {
    title: 'Payments', record: 'Record payment', submit: 'Record payment', openBalance: 'Open balance', amount: 'Amount',
    method: 'Method', date: 'Date', reference: 'Reference',
    methods: { card: 'Card', 'bank transfer': 'Bank transfer', cash: 'Cash' },
    amountFormat: 'Enter an amount such as 250 or 250.50.',
    aboveBalance: 'This is more than the open balance of {{balance}}.'
  },
  notes: { title: 'Notes', add: 'New note', edit: 'Edit note', save: 'Add note' },
  reports: {
    departures: 'Departures', days: 'Days ahead', departing: 'Departs', openBalance: 'Open balance', notInvoiced: 'Not invoiced',
    travellers: 'Travellers', unconfirmedBookings: 'Bookings to confirm', passportWarnings: 'Passports',
    passport: { PASSPORT_MISSING: '{{name}}: no passport yet', PASSPORT_EXPIRES_TOO_SOON: '{{name}}: passport expires too soon' },
    title: 'Reports', invoiceSummary: 'Invoice summary', monthlyRevenue: 'Monthly revenue', revenueByClient: 'Revenue by client',
    unpaidInvoices: 'Unpaid invoices', year: 'Year', month: 'Month', revenue: 'Revenue',
    paidAmount: 'Paid', pendingBalance: 'Pending balance', overdueBalance: 'Overdue balance',
    pipeline: 'Pipeline', from: 'From', to: 'To', trips: 'Trips', value: 'Value', pipelineStatuses: 'Trips per status',
    pipelineMonths: 'Inquiries per month', inquiries: 'Inquiries', booked: 'Booked', lost: 'Lost', open: 'Open', conversion: 'Conversion'
  },
  webhooks: {
    title: 'Webhooks', new: 'New webhook', edit: 'Edit webhook', endpointTitle: 'Webhook {{id}}',
    intro: 'Endpoints that receive the agency\'s events, signed (Standard Webhooks), retried for a day, and replayable.',
    url: 'URL', events: 'Events', eventsHint: 'Subject patterns: billing.payment.recorded, billing.invoice.*, billing.> or > for all',
    description: 'Description', state: 'State', enabled: 'Enabled', disabled: 'Disabled', failingSince: 'Failing since',
    enable: 'Enable', disable: 'Disable', enabledDone: 'The webhook is enabled again.', disabledDone: 'The webhook is disabled.',
    ping: 'Send test ping', pingSent: 'A test ping is on its way.',
    rotate: 'Rotate secret', confirmRotate: 'Make a new signing secret? The old one keeps signing alongside for a while.', rotated: 'A new secret signs from now on.',
    rotatedTitle: 'The new signing secret', overlap: 'The old secret signs alongside until {{until}}.',
    confirmDelete: 'Delete the webhook to {{url}} with its deliveries?', deleted: 'The webhook was deleted.',
    createdTitle: 'Webhook created: its signing secret',
    secretOnce: 'Copy the secret now: it is shown this once and cannot be read again.', copy: 'Copy secret', copied: 'Copied', secretKept: 'I have kept it',
    deliveries: 'Deliveries', attemptedAt: 'When', event: 'Event', attempt: 'Try', outcome: 'Outcome', status: 'Answer',
    duration: 'Duration', response: 'Response (start)', nextRetry: 'Next retry',
    milliseconds_one: '{{count}} ms', milliseconds_other: '{{count}} ms',
    outcomes: { delivered: 'Delivered', retrying: 'Retrying', parked: 'Given up' },
    replay: 'Replay', replayHint: 'Send again every event since a time that this webhook\'s patterns match, in the order they happened.',
    since: 'Since', replaySend: 'Replay',
    replayed_one: '{{count}} event queued to be sent again.', replayed_other: '{{count}} events queued to be sent again.',
    replayMore: 'More events match, from stream sequence {{sequence}} on.', replayNext: 'Queue the next page'
  },
  // The client's history (audit trail) and personal data (GDPR): export and erasure.
  privacy: {
    history: 'History', historyCsv: 'Download history CSV', when: 'When', who: 'Who', record: 'Record', action: 'Action',
    changes: 'Changes', reason: 'Reason', system: 'System',
    download: 'Download personal data', erase: 'Erase personal data', eraseTitle: 'Erase the personal data of {{name}}',
    eraseExplained: 'Name, email, phone, company, notes and travellers\' personal data are replaced for good. Trips, invoices and payments stay with their amounts and dates.',
    confirmation: 'Type the client\'s name to confirm: {{name}}', confirmationMismatch: 'Type the client\'s name exactly as shown.',
    reasonRequired: 'Say why the client is erased.', eraseSubmit: 'Erase for good', erased: 'The client\'s personal data is erased.',
    // Nouns, not participles: a history row must not read like the record's own state (the Archived badge).
    actions: { created: 'Creation', updated: 'Change', deleted: 'Deletion', erased: 'Erasure', archived: 'Archiving', restored: 'Restoring' },
    kinds: {
      user: 'User', client: 'Client', note: 'Note', trip: 'Trip', traveller: 'Traveller', supplier: 'Supplier', booking: 'Booking',
      invoice: 'Invoice', payment: 'Payment', agency: 'Agency', endpoint: 'Webhook'
    }
  },
  users: {
    title: 'Users', new: 'New user', username: 'Username', password: 'Password', role: 'Role', roleOf: 'Role of {{username}}',
    state: 'State', active: 'Active', disabled: 'Disabled', created: 'Created',
    enable: 'Enable', disable: 'Disable', enableNamed: 'Enable {{username}}', disableNamed: 'Disable {{username}}',
    deleteNamed: 'Delete {{username}}', confirmDelete: 'Delete the user {{username}}?',
    roleChanged: '{{username}} is now {{role}}.', enabled: '{{username}} can sign in again.',
    disabledDone: '{{username}} can no longer sign in.', deleted: '{{username}} was deleted.'
  },
  installments: {
    title: 'Installments', nextDue: 'Next due', dueDate: 'Due', amount: 'Amount', paid: 'Paid', balance: 'Open', status: 'Status',
    how: 'Payment terms', modes: { single: 'Single payment', schedule: 'Deposit and balance', installments: 'Installments' },
    depositPercent: 'Deposit (%)', balanceDays: 'Balance due, days before departure',
    scheduleHint: 'The deposit is due on the issue date, the balance that many days before departure ({{departure}}).',
    dueNumbered: 'Due date {{number}}', amountNumbered: 'Amount {{number}}', removeNumbered: 'Remove installment {{number}}', add: 'Add installment',
    sum: 'Installments add up to {{sum}} of {{amount}} ({{left}} left to place)', amountFormat: 'Enter every amount such as 250 or 250.50.',
    mismatch: 'The installments must add up to exactly {{amount}}.'
  },
  commissionStatus: { Expected: 'Expected', 'Partially Received': 'Partially received', Received: 'Received', Overdue: 'Overdue', Cancelled: 'Cancelled' },
  commissions: {
    title: 'Commissions', supplier: 'Supplier', allSuppliers: 'All suppliers', status: 'Status', dueDate: 'Due', booking: 'Booking',
    bookingNumbered: 'Booking {{id}}', expected: 'Expected', received: 'Received', balance: 'Open',
    record: 'Record commission payment', recordNumbered: 'Record commission payment for booking {{id}}', of: 'Open commission from {{supplier}}',
    receivedDate: 'Received on', recorded: 'The payment from {{supplier}} is recorded.'
  }
} satisfies Catalog
