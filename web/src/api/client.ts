// The one way the app talks to the gateway. Every body and answer is typed by packages/contracts, the same
// schemas the services validate with, so the screens and the services cannot disagree about a field.
import type {
  Client, ClientCreate, ClientListQuery, ClientPatch, ClientStatement, IDEMPOTENCY_KEY_HEADER, Invoice, InvoiceCreate,
  InvoiceListQuery, InvoicePatch, OwnPasswordChange, InvoiceSummary, MonthlyRevenueQuery, MonthlyRevenueRow, Note, Payment, PaymentCreate,
  PaymentListQuery, RegisterBody, TripStatus, AgencyPayload, AgencySettingsInput, Traveller, TravellerCreate, TravellerPatch, Booking, BookingCreate, BookingPatch,
  Supplier, SupplierCreate, SupplierPatch, SupplierListQuery, RevenueByClientRow, Role, Trip, TripCreate, TripListQuery, TripPatch, UnpaidInvoice, User,
  UserListQuery, UserPatch, DeliveryAttempt, ReplayQueued, SecretRotated, TestSent, Webhook, WebhookCreate, WebhookCreated,
  WebhookPatch, Commission, CommissionListQuery, CommissionPayment, CommissionPaymentCreate, AuditEntry, ClientErasure, PersonalData, Departure, DeparturesQuery,
  PipelineQuery, PipelineReport
} from '@travel-crm/contracts'
import { ApiError, problemOf } from './problem.js'
import type { Session } from './session.js'

type Query = Record<string, string | number | boolean | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** The record's version as the screen read it: the server refuses (412) when someone changed it since. */
  version?: number
  /** The same key for every attempt of one action: a double click or a retry records it once. */
  idempotencyKey?: string
  /** What the caller wants back: JSON unless a document (PDF, zip) is asked for. */
  accept?: string
}

/** One page of a list, and how many there are in all (`X-Total-Count`). */
export interface Page<T> {
  items: T[]
  total: number
}

export type ReportName = 'invoice-summary' | 'invoices' | 'monthly-revenue' | 'revenue-by-client' | 'unpaid-invoices' | 'departures' | 'pipeline'

export function queryString (query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

const IDEMPOTENCY_KEY: typeof IDEMPOTENCY_KEY_HEADER = 'idempotency-key'

export class HttpClient {
  constructor (private readonly session: Session, private readonly baseUrl = '', private readonly fetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init)) {}

  /**
   * Sends with the session's access token. A 401 means it expired or was revoked: the session refreshes once
   * and the request is sent once more; a second 401 ends the session.
   */
  async send (method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const attempt = async () => {
      const headers: Record<string, string> = { accept: options.accept ?? 'application/json' }
      if (this.session.token !== undefined) headers['authorization'] = `Bearer ${this.session.token}`
      if (options.body !== undefined) headers['content-type'] = 'application/json'
      if (options.version !== undefined) headers['if-match'] = `"${options.version}"`
      if (options.idempotencyKey !== undefined) headers[IDEMPOTENCY_KEY] = options.idempotencyKey
      // The services word their refusals in the app's chosen language (set on <html lang>), not the browser's.
      const language = globalThis.document?.documentElement.lang
      if (language !== undefined && language !== '') headers['accept-language'] = language
      return await this.fetch(`${this.baseUrl}${path}${queryString(options.query)}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) })
      })
    }
    let response = await attempt()
    if (response.status === 401 && await this.session.refresh()) response = await attempt()
    if (!response.ok) throw await problemOf(response)
    return response
  }

  async json<T> (method: string, path: string, options?: RequestOptions): Promise<T> {
    const response = await this.send(method, path, options)
    return response.status === 204 ? undefined as T : await response.json() as T
  }

  async page<T> (path: string, query?: Query): Promise<Page<T>> {
    const response = await this.send('GET', path, { query })
    const items = await response.json() as T[]
    return { items, total: Number(response.headers.get('x-total-count') ?? items.length) }
  }

  /** An export or a document (CSV, PDF, zip) as the file the server names (`Content-Disposition`). */
  async file (path: string, query?: Query, accept = '*/*'): Promise<{ name: string, blob: Blob }> {
    const response = await this.send('GET', path, { query, accept })
    const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download'
    return { name, blob: await response.blob() }
  }
}

type Paged<Q> = Partial<Omit<Q, 'limit' | 'offset'>> & { limit?: number, offset?: number }

/** Every route the app uses, by the agency's names for things. */
export function travelCrmApi (http: HttpClient) {
  const get = <T>(path: string, query?: Query) => http.json<T>('GET', path, { query })
  const crud = <Row, Create, Patch, ListQuery>(collection: string) => ({
    list: (query: Paged<ListQuery> = {}) => http.page<Row>(collection, query as Query),
    get: (id: number) => get<Row>(`${collection}/${id}`),
    create: (body: Create, idempotencyKey?: string) => http.json<Row>('POST', collection, { body, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) }),
    update: (id: number, body: Patch, version: number) => http.json<Row>('PATCH', `${collection}/${id}`, { body, version }),
    remove: (id: number) => http.json<undefined>('DELETE', `${collection}/${id}`)
  })
  return {
    changeOwnPassword: (body: OwnPasswordChange) => http.json<undefined>('POST', '/me/password', { body }),
    users: {
      list: (query: Paged<UserListQuery> = {}) => http.page<User>('/users', query as Query),
      create: (body: RegisterBody) => http.json<User>('POST', '/register', { body }),
      update: (id: number, body: UserPatch, version: number) => http.json<User>('PATCH', `/users/${id}`, { body, version }),
      remove: (id: number) => http.json<undefined>('DELETE', `/users/${id}`),
      roles: () => get<Role[]>('/roles')
    },
    clients: {
      ...crud<Client, ClientCreate, ClientPatch, ClientListQuery>('/clients'),
      statement: (id: number) => get<ClientStatement>(`/clients/${id}/details`),
      statementCsv: (id: number) => http.file(`/clients/${id}/details/export`),
      statementPdf: (id: number, lang: string) => http.file(`/clients/${id}/statement.pdf`, { lang }, 'application/pdf'),
      allCsv: () => http.file('/clients/export'),
      archive: (id: number, to: 'archive' | 'restore') => http.json<Client>('POST', `/clients/${id}/${to}`),
      personalData: (id: number) => get<PersonalData>(`/clients/${id}/personal-data`),
      erase: (id: number, reason: string, version: number) => http.json<ClientErasure>('POST', `/clients/${id}/erase`, { body: { reason }, version })
    },
    /** Every change to a client's records, newest first (reporting's audit trail). */
    audit: {
      ofClient: (clientId: number, query: { limit?: number, offset?: number } = {}) => http.page<AuditEntry>('/audit', { client: clientId, ...query }),
      ofClientCsv: (clientId: number) => http.file('/audit/export', { client: clientId })
    },
    notes: {
      list: (clientId: number) => http.page<Note>(`/clients/${clientId}/notes`, { limit: 500 }),
      create: (clientId: number, note: string) => http.json<Note>('POST', `/clients/${clientId}/notes`, { body: { note } }),
      update: (clientId: number, id: number, note: string, version: number) => http.json<Note>('PATCH', `/clients/${clientId}/notes/${id}`, { body: { note }, version }),
      remove: (clientId: number, id: number) => http.json<undefined>('DELETE', `/clients/${clientId}/notes/${id}`)
    },
    trips: {
      ...crud<Trip, TripCreate, TripPatch, TripListQuery>('/trips'),
      // Without If-Match: crm checks the move against the status the trip has now, and refuses (409, naming the
      // moves there are) one that someone else's move made impossible; any other change meanwhile does not matter.
      move: (id: number, status: TripStatus) => http.json<Trip>('PATCH', `/trips/${id}`, { body: { status } }),
      archive: (id: number, to: 'archive' | 'restore') => http.json<Trip>('POST', `/trips/${id}/${to}`)
    },
    /** A trip's travellers and bookings live under it: another trip's are 404. */
    travellers: (tripId: number) => ({
      list: () => http.page<Traveller>(`/trips/${tripId}/travellers`, { limit: 500 }),
      get: (id: number) => get<Traveller>(`/trips/${tripId}/travellers/${id}`),
      create: (body: TravellerCreate) => http.json<Traveller>('POST', `/trips/${tripId}/travellers`, { body }),
      update: (id: number, body: TravellerPatch, version: number) => http.json<Traveller>('PATCH', `/trips/${tripId}/travellers/${id}`, { body, version }),
      remove: (id: number) => http.json<undefined>('DELETE', `/trips/${tripId}/travellers/${id}`)
    }),
    bookings: (tripId: number) => ({
      list: () => http.page<Booking>(`/trips/${tripId}/bookings`, { limit: 500 }),
      get: (id: number) => get<Booking>(`/trips/${tripId}/bookings/${id}`),
      create: (body: BookingCreate) => http.json<Booking>('POST', `/trips/${tripId}/bookings`, { body }),
      update: (id: number, body: BookingPatch, version: number) => http.json<Booking>('PATCH', `/trips/${tripId}/bookings/${id}`, { body, version })
    }),
    agency: {
      get: () => get<AgencyPayload>('/settings/agency'),
      /** The whole settings; a field left out is cleared. Without a version the first settings are made. */
      put: (body: AgencySettingsInput, version?: number) => http.json<AgencyPayload>('PUT', '/settings/agency', { body, ...(version === undefined ? {} : { version }) })
    },
    suppliers: crud<Supplier, SupplierCreate, SupplierPatch, SupplierListQuery>('/suppliers'),
    invoices: {
      ...crud<Invoice, InvoiceCreate, InvoicePatch, InvoiceListQuery>('/invoices'),
      cancel: (id: number, version: number) => http.json<Invoice>('PATCH', `/invoices/${id}`, { body: { status: 'Cancelled' }, version }),
      pdf: (id: number, lang: string) => http.file(`/invoices/${id}/pdf`, { lang }, 'application/pdf'),
      /** The invoices issued from `from` to `to` (both included), one PDF each, in one zip. */
      zip: (from: string, to: string, lang: string) => http.file('/invoices/export.zip', { from, to, lang }, 'application/zip')
    },
    payments: crud<Payment, PaymentCreate, Partial<PaymentCreate>, PaymentListQuery>('/payments'),
    /** What suppliers owe the agency on bookings with a commission, and what they have paid of it. */
    commissions: {
      list: (query: Paged<CommissionListQuery> = {}) => http.page<Commission>('/commissions', query as Query),
      receive: (body: CommissionPaymentCreate, idempotencyKey: string) => http.json<CommissionPayment>('POST', '/commission-payments', { body, idempotencyKey })
    },
    webhooks: {
      list: (query: { limit?: number, offset?: number } = {}) => http.page<Webhook>('/webhooks', query),
      get: (id: number) => get<Webhook>(`/webhooks/${id}`),
      create: (body: WebhookCreate) => http.json<WebhookCreated>('POST', '/webhooks', { body }),
      update: (id: number, body: WebhookPatch, version: number) => http.json<Webhook>('PATCH', `/webhooks/${id}`, { body, version }),
      remove: (id: number) => http.json<undefined>('DELETE', `/webhooks/${id}`),
      rotateSecret: (id: number) => http.json<SecretRotated>('POST', `/webhooks/${id}/rotate-secret`),
      ping: (id: number) => http.json<TestSent>('POST', `/webhooks/${id}/test`),
      deliveries: (id: number, query: { limit?: number, offset?: number } = {}) => http.page<DeliveryAttempt>(`/webhooks/${id}/deliveries`, query),
      replay: (id: number, since: string | number) => http.json<ReplayQueued>('POST', `/webhooks/${id}/replay`, { body: { since } })
    },
    reports: {
      invoiceSummary: () => get<InvoiceSummary>('/reports/invoice-summary'),
      monthlyRevenue: (query: Partial<MonthlyRevenueQuery> = {}) => get<MonthlyRevenueRow[]>('/reports/monthly-revenue', query),
      revenueByClient: () => get<RevenueByClientRow[]>('/reports/revenue-by-client'),
      unpaidInvoices: (query: { limit?: number, offset?: number } = {}) => http.page<UnpaidInvoice>('/reports/unpaid-invoices', query),
      departures: (query: DeparturesQuery = {}) => get<Departure[]>('/reports/departures', query),
      pipeline: (query: PipelineQuery = {}) => get<PipelineReport>('/reports/pipeline', query),
      csv: (report: ReportName, query?: Query) => http.file(`/reports/${report}/export`, query),
      pdf: (report: ReportName, lang: string, query?: Query) => http.file(`/reports/${report}/export`, { ...query, format: 'pdf', lang }, 'application/pdf')
    }
  }
}

export type TravelCrmApi = ReturnType<typeof travelCrmApi>
export { ApiError }
