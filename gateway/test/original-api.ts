/**
 * The routes of the original Flask API and who may call them, written out by hand from ARCHITECTURE.md's
 * role table, independently of packages/contracts. Compared with the policy table, it catches a mistake in
 * the table itself, which a matrix generated from the table could not.
 */
type Caller = 'admin' | 'agent' | 'analyst'

export interface OriginalRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  service: 'auth' | 'crm' | 'billing' | 'reporting' | 'webhooks'
  /** `public`, `first-user-then-admin`, or the roles that may call it. */
  who: 'public' | 'first-user-then-admin' | Caller[]
}

const everyone: Caller[] = ['admin', 'agent', 'analyst']
const writers: Caller[] = ['admin', 'agent']
const admins: Caller[] = ['admin']
const reportReaders: Caller[] = ['admin', 'analyst']

export const ORIGINAL_API: OriginalRoute[] = [
  { method: 'GET', url: '/roles', service: 'auth', who: 'public' },
  { method: 'GET', url: '/.well-known/jwks.json', service: 'auth', who: 'public' },
  { method: 'POST', url: '/register', service: 'auth', who: 'first-user-then-admin' },
  { method: 'POST', url: '/login', service: 'auth', who: 'public' },
  { method: 'POST', url: '/refresh', service: 'auth', who: 'public' },
  { method: 'POST', url: '/logout', service: 'auth', who: 'public' },
  // Not in the original: the web app's cookie session (issue #14).
  { method: 'POST', url: '/session', service: 'auth', who: 'public' },
  { method: 'POST', url: '/session/refresh', service: 'auth', who: 'public' },
  { method: 'POST', url: '/session/logout', service: 'auth', who: 'public' },
  { method: 'POST', url: '/me/password', service: 'auth', who: everyone },
  { method: 'GET', url: '/me', service: 'auth', who: everyone },
  // Added since: log out everywhere, and an admin ending a user's sessions.
  { method: 'DELETE', url: '/me/sessions', service: 'auth', who: everyone },
  { method: 'DELETE', url: '/users/:id/sessions', service: 'auth', who: admins },
  { method: 'GET', url: '/users', service: 'auth', who: admins },
  { method: 'PATCH', url: '/users/:id', service: 'auth', who: admins },
  { method: 'DELETE', url: '/users/:id', service: 'auth', who: admins },

  { method: 'GET', url: '/clients', service: 'crm', who: everyone },
  { method: 'POST', url: '/clients', service: 'crm', who: writers },
  { method: 'GET', url: '/clients/:id', service: 'crm', who: everyone },
  { method: 'PATCH', url: '/clients/:id', service: 'crm', who: writers },
  { method: 'DELETE', url: '/clients/:id', service: 'crm', who: admins },
  { method: 'GET', url: '/trips', service: 'crm', who: everyone },
  { method: 'POST', url: '/trips', service: 'crm', who: writers },
  { method: 'GET', url: '/trips/:id', service: 'crm', who: everyone },
  { method: 'PATCH', url: '/trips/:id', service: 'crm', who: writers },
  { method: 'DELETE', url: '/trips/:id', service: 'crm', who: admins },
  { method: 'GET', url: '/clients/:id/notes', service: 'crm', who: everyone },
  { method: 'POST', url: '/clients/:id/notes', service: 'crm', who: writers },
  { method: 'PATCH', url: '/clients/:id/notes/:noteId', service: 'crm', who: writers },
  { method: 'DELETE', url: '/clients/:id/notes/:noteId', service: 'crm', who: admins },
  // Added since: who travels, suppliers and bookings (issue #15).
  { method: 'GET', url: '/trips/:id/travellers', service: 'crm', who: everyone },
  { method: 'POST', url: '/trips/:id/travellers', service: 'crm', who: writers },
  { method: 'GET', url: '/trips/:id/travellers/:travellerId', service: 'crm', who: everyone },
  { method: 'PATCH', url: '/trips/:id/travellers/:travellerId', service: 'crm', who: writers },
  { method: 'DELETE', url: '/trips/:id/travellers/:travellerId', service: 'crm', who: admins },
  { method: 'GET', url: '/suppliers', service: 'crm', who: everyone },
  { method: 'POST', url: '/suppliers', service: 'crm', who: writers },
  { method: 'GET', url: '/suppliers/:id', service: 'crm', who: everyone },
  { method: 'PATCH', url: '/suppliers/:id', service: 'crm', who: writers },
  { method: 'DELETE', url: '/suppliers/:id', service: 'crm', who: admins },
  { method: 'GET', url: '/trips/:id/bookings', service: 'crm', who: everyone },
  { method: 'POST', url: '/trips/:id/bookings', service: 'crm', who: writers },
  { method: 'GET', url: '/trips/:id/bookings/:bookingId', service: 'crm', who: everyone },
  { method: 'PATCH', url: '/trips/:id/bookings/:bookingId', service: 'crm', who: writers },
  { method: 'DELETE', url: '/trips/:id/bookings/:bookingId', service: 'crm', who: admins },

  { method: 'GET', url: '/invoices', service: 'billing', who: everyone },
  { method: 'POST', url: '/invoices', service: 'billing', who: writers },
  { method: 'GET', url: '/invoices/:id', service: 'billing', who: everyone },
  { method: 'GET', url: '/invoice/:id', service: 'billing', who: everyone },
  { method: 'PATCH', url: '/invoices/:id', service: 'billing', who: writers },
  { method: 'DELETE', url: '/invoices/:id', service: 'billing', who: admins },
  { method: 'GET', url: '/payments', service: 'billing', who: everyone },
  { method: 'POST', url: '/payments', service: 'billing', who: writers },
  { method: 'GET', url: '/payments/:id', service: 'billing', who: everyone },
  { method: 'GET', url: '/payment/:id', service: 'billing', who: everyone },
  { method: 'PATCH', url: '/payments/:id', service: 'billing', who: writers },
  { method: 'DELETE', url: '/payments/:id', service: 'billing', who: admins },
  { method: 'GET', url: '/commissions', service: 'billing', who: everyone },
  { method: 'POST', url: '/commission-payments', service: 'billing', who: writers },

  { method: 'GET', url: '/clients/:id/details', service: 'reporting', who: everyone },
  { method: 'GET', url: '/clients/:id/details/export', service: 'reporting', who: everyone },
  { method: 'GET', url: '/clients/export', service: 'reporting', who: reportReaders },
  // Widened from the original's report readers: agents see the open and overdue balances on their dashboard.
  { method: 'GET', url: '/reports/invoice-summary', service: 'reporting', who: everyone },
  { method: 'GET', url: '/reports/invoice-summary/export', service: 'reporting', who: reportReaders },
  { method: 'GET', url: '/reports/monthly-revenue', service: 'reporting', who: reportReaders },
  { method: 'GET', url: '/reports/monthly-revenue/export', service: 'reporting', who: reportReaders },
  { method: 'GET', url: '/reports/revenue-by-client', service: 'reporting', who: reportReaders },
  { method: 'GET', url: '/reports/revenue-by-client/export', service: 'reporting', who: reportReaders },
  { method: 'GET', url: '/reports/unpaid-invoices', service: 'reporting', who: reportReaders },
  { method: 'GET', url: '/reports/unpaid-invoices/export', service: 'reporting', who: reportReaders },
  // Not in the original API: money history (issue #17). Archive instead of delete, by whoever writes records;
  // the per-invoice rows the summary's export gave before it took the original's shape again.
  ...['/clients', '/trips'].flatMap((collection) => ['archive', 'restore'].map((move): OriginalRoute =>
    ({ method: 'POST', url: `${collection}/:id/${move}`, service: 'crm', who: writers }))),
  { method: 'GET', url: '/reports/invoices/export', service: 'reporting', who: reportReaders },
  // Not in the original API: margins and commissions (issue #16), for the report readers.
  ...['trip-margins', 'commissions'].flatMap((report): OriginalRoute[] => [
    { method: 'GET', url: `/reports/${report}`, service: 'reporting', who: reportReaders },
    { method: 'GET', url: `/reports/${report}/export`, service: 'reporting', who: reportReaders }
  ]),
  // Not in the original API: trips leaving soon with what is still open on them, for the report readers.
  { method: 'GET', url: '/reports/departures', service: 'reporting', who: reportReaders },
  { method: 'GET', url: '/reports/departures/export', service: 'reporting', who: reportReaders },
  // Not in the original API: the pipeline report, for the report readers.
  { method: 'GET', url: '/reports/pipeline', service: 'reporting', who: reportReaders },
  { method: 'GET', url: '/reports/pipeline/export', service: 'reporting', who: reportReaders },
  // Not in the original API: webhooks (issue #20), for admins only.
  ...['GET /webhooks', 'POST /webhooks', 'GET /webhooks/:id', 'PATCH /webhooks/:id', 'DELETE /webhooks/:id', 'POST /webhooks/:id/rotate-secret',
    'POST /webhooks/:id/test', 'GET /webhooks/:id/deliveries', 'POST /webhooks/:id/replay'].map((route): OriginalRoute => {
    const [method, url] = route.split(' ') as [OriginalRoute['method'], string]
    return { method, url, service: 'webhooks', who: admins }
  }),
  // Not in the original API: documents (issue #18). Agents send the documents, so they read the agency's details.
  { method: 'GET', url: '/settings/agency', service: 'billing', who: writers },
  { method: 'PUT', url: '/settings/agency', service: 'billing', who: admins },
  { method: 'GET', url: '/invoices/:id/pdf', service: 'billing', who: everyone },
  { method: 'GET', url: '/invoices/export.zip', service: 'billing', who: everyone },
  { method: 'GET', url: '/clients/:id/statement.pdf', service: 'reporting', who: everyone },
  // Not in the original API: the audit trail and the client's GDPR rights (issue #17), admins only.
  { method: 'GET', url: '/audit', service: 'reporting', who: admins },
  { method: 'GET', url: '/audit/export', service: 'reporting', who: admins },
  { method: 'GET', url: '/clients/:id/personal-data', service: 'crm', who: admins },
  { method: 'POST', url: '/clients/:id/erase', service: 'crm', who: admins }
]
