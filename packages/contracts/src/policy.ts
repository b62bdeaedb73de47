import type { Role } from './roles.js'

export type ServiceName = 'auth' | 'crm' | 'billing' | 'reporting' | 'webhooks'
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * Who may call a route:
 * - `public`: anyone, no token needed;
 * - a list of roles: a valid access token whose role is listed.
 * `anonymousWhileNoUsers` lets a request without a token through to the service, which alone knows whether
 * any user exists yet (first-user bootstrap of `POST /register`); a request with a token is still checked.
 */
export type Access =
  | { readonly public: true }
  | { readonly roles: readonly Role[], readonly anonymousWhileNoUsers?: true }

export interface RoutePolicy {
  readonly method: HttpMethod
  /** Fastify route pattern, as the owning service registers it. */
  readonly url: string
  readonly service: ServiceName
  readonly access: Access
}

const ANY_ROLE: readonly Role[] = ['admin', 'agent', 'analyst']
const WRITERS: readonly Role[] = ['admin', 'agent']
const ADMIN: readonly Role[] = ['admin']
const READERS_OF_REPORTS: readonly Role[] = ['admin', 'analyst']
const PUBLIC = { public: true } as const

function route (method: HttpMethod, url: string, service: ServiceName, access: Access): RoutePolicy {
  return { method, url, service, access }
}

/** Create, read, update and delete routes of one business resource, as the role table grants them. */
function businessResource (collection: string, service: ServiceName): RoutePolicy[] {
  return [
    route('GET', collection, service, { roles: ANY_ROLE }),
    route('POST', collection, service, { roles: WRITERS }),
    route('GET', `${collection}/:id`, service, { roles: ANY_ROLE }),
    route('PATCH', `${collection}/:id`, service, { roles: WRITERS }),
    route('DELETE', `${collection}/:id`, service, { roles: ADMIN })
  ]
}

/**
 * The role table of ARCHITECTURE.md, once. The gateway enforces it, and every service enforces it again on
 * its own routes; a route that is not listed here is refused by both.
 */
export const POLICY: readonly RoutePolicy[] = [
  route('GET', '/roles', 'auth', PUBLIC),
  route('GET', '/.well-known/jwks.json', 'auth', PUBLIC),
  route('POST', '/register', 'auth', { roles: ADMIN, anonymousWhileNoUsers: true }),
  route('POST', '/login', 'auth', PUBLIC),
  route('POST', '/refresh', 'auth', PUBLIC),
  route('POST', '/logout', 'auth', PUBLIC),
  // The web app's session: the same tokens, the refresh token in an httpOnly cookie (rest/browser-session.ts).
  route('POST', '/session', 'auth', PUBLIC),
  route('POST', '/session/refresh', 'auth', PUBLIC),
  route('POST', '/session/logout', 'auth', PUBLIC),
  route('GET', '/me', 'auth', { roles: ANY_ROLE }),
  route('POST', '/me/password', 'auth', { roles: ANY_ROLE }),
  // Log out everywhere: every session of the caller ends, access tokens included.
  route('DELETE', '/me/sessions', 'auth', { roles: ANY_ROLE }),
  route('GET', '/users', 'auth', { roles: ADMIN }),
  route('PATCH', '/users/:id', 'auth', { roles: ADMIN }),
  route('DELETE', '/users/:id', 'auth', { roles: ADMIN }),
  route('DELETE', '/users/:id/sessions', 'auth', { roles: ADMIN }),

  ...businessResource('/clients', 'crm'),
  ...businessResource('/trips', 'crm'),
  // Money received is never deleted: a client or trip with payments is archived instead, by whoever writes it.
  ...['/clients', '/trips'].flatMap((collection) => ['archive', 'restore'].map((move) =>
    route('POST', `${collection}/:id/${move}`, 'crm', { roles: WRITERS }))),
  // GDPR article 17: the client's personal data is replaced everywhere; money records stay.
  route('POST', '/clients/:id/erase', 'crm', { roles: ADMIN }),
  // GDPR articles 15 and 20: everything every service holds about the client, as one document.
  route('GET', '/clients/:id/personal-data', 'crm', { roles: ADMIN }),
  route('GET', '/clients/:id/notes', 'crm', { roles: ANY_ROLE }),
  route('POST', '/clients/:id/notes', 'crm', { roles: WRITERS }),
  route('PATCH', '/clients/:id/notes/:noteId', 'crm', { roles: WRITERS }),
  route('DELETE', '/clients/:id/notes/:noteId', 'crm', { roles: ADMIN }),
  // Who travels: analysts read it with passport numbers masked (crm masks by the caller's role).
  route('GET', '/trips/:id/travellers', 'crm', { roles: ANY_ROLE }),
  route('POST', '/trips/:id/travellers', 'crm', { roles: WRITERS }),
  route('GET', '/trips/:id/travellers/:travellerId', 'crm', { roles: ANY_ROLE }),
  route('PATCH', '/trips/:id/travellers/:travellerId', 'crm', { roles: WRITERS }),
  route('DELETE', '/trips/:id/travellers/:travellerId', 'crm', { roles: ADMIN }),
  ...businessResource('/suppliers', 'crm'),
  // A booking is cancelled through its status; deleting one erases what was bought.
  route('GET', '/trips/:id/bookings', 'crm', { roles: ANY_ROLE }),
  route('POST', '/trips/:id/bookings', 'crm', { roles: WRITERS }),
  route('GET', '/trips/:id/bookings/:bookingId', 'crm', { roles: ANY_ROLE }),
  route('PATCH', '/trips/:id/bookings/:bookingId', 'crm', { roles: WRITERS }),
  route('DELETE', '/trips/:id/bookings/:bookingId', 'crm', { roles: ADMIN }),

  ...businessResource('/invoices', 'billing'),
  // Documents: readable by whoever reads the invoices they print.
  route('GET', '/invoices/:id/pdf', 'billing', { roles: ANY_ROLE }),
  route('GET', '/invoices/export.zip', 'billing', { roles: ANY_ROLE }),
  route('GET', '/invoice/:id', 'billing', { roles: ANY_ROLE }),
  ...businessResource('/payments', 'billing'),
  route('GET', '/payment/:id', 'billing', { roles: ANY_ROLE }),
  route('GET', '/commissions', 'billing', { roles: ANY_ROLE }),
  route('POST', '/commission-payments', 'billing', { roles: WRITERS }),
  // The agency's details for documents: agents read them (they send the documents), admins set them.
  route('GET', '/settings/agency', 'billing', { roles: WRITERS }),
  route('PUT', '/settings/agency', 'billing', { roles: ADMIN }),

  route('GET', '/clients/:id/details', 'reporting', { roles: ANY_ROLE }),
  route('GET', '/clients/:id/details/export', 'reporting', { roles: ANY_ROLE }),
  route('GET', '/clients/:id/statement.pdf', 'reporting', { roles: ANY_ROLE }),
  route('GET', '/clients/export', 'reporting', { roles: READERS_OF_REPORTS }),
  // Agents see the agency's open and overdue balances on their dashboard. The summary only adds up invoices
  // that every role may already read one by one (GET /invoices), so it tells an agent nothing new, where summing
  // pages of invoices in the browser would be slow and wrong past a page. Revenue reports and every export stay
  // with admins and analysts.
  route('GET', '/reports/invoice-summary', 'reporting', { roles: ANY_ROLE }),
  route('GET', '/reports/invoice-summary/export', 'reporting', { roles: READERS_OF_REPORTS }),
  // One row per invoice; the summary's export is one row per status, as the original's was.
  route('GET', '/reports/invoices/export', 'reporting', { roles: READERS_OF_REPORTS }),
  ...['monthly-revenue', 'revenue-by-client', 'unpaid-invoices'].flatMap((report) => [
    route('GET', `/reports/${report}`, 'reporting', { roles: READERS_OF_REPORTS }),
    route('GET', `/reports/${report}/export`, 'reporting', { roles: READERS_OF_REPORTS })
  ]),
  // Money over time: what the agency earns on its trips and from its suppliers, and what is still open on the trips
  // leaving soon, for the readers of revenue.
  ...['trip-margins', 'commissions', 'departures'].flatMap((report) => [
    route('GET', `/reports/${report}`, 'reporting', { roles: READERS_OF_REPORTS }),
    route('GET', `/reports/${report}/export`, 'reporting', { roles: READERS_OF_REPORTS })
  ]),
  // Where trips stand and how inquiries convert: what the agency sells, for the readers of revenue.
  route('GET', '/reports/pipeline', 'reporting', { roles: READERS_OF_REPORTS }),
  route('GET', '/reports/pipeline/export', 'reporting', { roles: READERS_OF_REPORTS }),

  // Every change with who made it: personal values included, so admins only.
  route('GET', '/audit', 'reporting', { roles: ADMIN }),
  route('GET', '/audit/export', 'reporting', { roles: ADMIN }),

  // Webhook endpoints hold signing secrets and send the agency's data out: admins only.
  route('GET', '/webhooks', 'webhooks', { roles: ADMIN }),
  route('POST', '/webhooks', 'webhooks', { roles: ADMIN }),
  route('GET', '/webhooks/:id', 'webhooks', { roles: ADMIN }),
  route('PATCH', '/webhooks/:id', 'webhooks', { roles: ADMIN }),
  route('POST', '/webhooks/:id/rotate-secret', 'webhooks', { roles: ADMIN }),
  route('POST', '/webhooks/:id/test', 'webhooks', { roles: ADMIN }),
  route('GET', '/webhooks/:id/deliveries', 'webhooks', { roles: ADMIN }),
  route('POST', '/webhooks/:id/replay', 'webhooks', { roles: ADMIN }),
  route('DELETE', '/webhooks/:id', 'webhooks', { roles: ADMIN })
]

export function findPolicy (method: string, url: string): RoutePolicy | undefined {
  return POLICY.find((policy) => policy.method === method && policy.url === url)
}

export function policiesOf (service: ServiceName): RoutePolicy[] {
  return POLICY.filter((policy) => policy.service === service)
}

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden'

/** What the policy says of a caller: `role` is undefined when the request carries no valid token. */
export function decideAccess (access: Access, role: Role | undefined): AccessDecision {
  if ('public' in access) return 'allow'
  if (role === undefined) return access.anonymousWhileNoUsers === true ? 'allow' : 'unauthenticated'
  return access.roles.includes(role) ? 'allow' : 'forbidden'
}
