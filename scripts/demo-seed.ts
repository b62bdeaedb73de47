/**
 * `pnpm demo:seed`: fills a running stack, through the gateway and its public API only, with a believable
 * travel agency: three users (one per role), clients, trips to real destinations over 18 months at every step
 * of the pipeline (inquiry to completed, a few cancelled), who travels on each (passports, some expiring too
 * soon), what was booked with real airlines and hotels at what cost and commission, invoices with part
 * payments, some of them overdue, those for trips far enough ahead as a deposit and a balance before departure,
 * and the commission a few suppliers have paid.
 *
 * Running it again adds nothing: every record is found again by its natural key (username, client email,
 * trip = client + destination + start date, supplier = name, a trip's travellers and bookings as a whole, one
 * invoice per trip, payments by their order on the invoice),
 * and invoices and payments also carry an Idempotency-Key derived from those keys. The data comes from a
 * seeded generator, and its dates count from the day the first demo client was created, so a later run
 * plans exactly the same agency.
 *
 * Environment: GATEWAY_URL (default http://127.0.0.1:3000), BOOTSTRAP_ADMIN_USERNAME and
 * BOOTSTRAP_ADMIN_PASSWORD (an admin to start from), DEMO_CLIENTS (200), DEMO_TRIPS (500).
 */
import { createHash } from 'node:crypto'
import {
  fromCents, toCents, type Booking, type Client, type Commission, type Invoice, type Payment, type Supplier, type SupplierKind, type Traveller, type Trip,
  type TripStatus, type User
} from '@travel-crm/contracts'

// ---- configuration ------------------------------------------------------------------------------------

const DAY_MS = 86_400_000
const DEMO_USERS = [
  { username: 'demo.admin', password: 'demo-admin-password', role: 'admin' },
  { username: 'demo.agent', password: 'demo-agent-password', role: 'agent' },
  { username: 'demo.analyst', password: 'demo-analyst-password', role: 'analyst' }
] as const

function countFrom (name: string, fallback: number): number {
  const value = process.env[name] ?? String(fallback)
  if (!/^\d+$/.test(value) || Number(value) > 100_000) throw new Error(`${name} must be a whole number up to 100000, not "${value}"`)
  return Number(value)
}

// ---- the agency, planned from a seeded generator -------------------------------------------------------

/** mulberry32: a small, well-known 32-bit generator; the same seed gives the same agency every time. */
function generator (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T> (random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

const FIRST_NAMES = ['Ana', 'João', 'Maria', 'Lucas', 'Sofia', 'Mateo', 'Emma', 'Liam', 'Chloé', 'Hugo', 'Léa', 'Jonas', 'Mia', 'Noah',
  'Elena', 'Marco', 'Giulia', 'Luca', 'Zoë', 'Finn', 'Ingrid', 'Lars', 'Aisha', 'Omar', 'Yuki', 'Kenji', 'Priya', 'Arjun', 'Olivia',
  'James', 'Isabel', 'Diego', 'Nora', 'Emil', 'Clara', 'Felix', 'Hanna', 'Pablo', 'Alice', 'Tomás']
const LAST_NAMES = ['Pereira', 'Silva', 'Costa', 'García', 'Martín', 'Dubois', 'Lefèvre', 'Müller', 'Schmidt', 'Rossi', 'Bianchi',
  'Ferrari', 'Jansen', 'de Vries', 'Nielsen', 'Larsen', 'Andersson', 'Novak', 'Kowalski', 'Horvat', 'O\'Brien', 'Murphy', 'Smith',
  'Taylor', 'Tanaka', 'Sato', 'Sharma', 'Patel', 'Haddad', 'Costa Neves', 'Moreau', 'Fischer', 'Weber', 'Romano', 'Kaya']
const COMPANIES = ['Atlântico Lda', 'Nordlys AS', 'Bauer & Söhne GmbH', 'Lumen Studio', 'Rossi Import Export', 'Blue Fjord Consulting',
  'Kiwi Labs', 'Sakura Trading', 'Delta Logistics', 'Oak & Ivy Architects', 'Meridian Health', 'Sol y Mar SL']
const PHONES = [['+351', 9], ['+34', 9], ['+33', 9], ['+49', 10], ['+39', 10], ['+31', 9], ['+45', 8], ['+44', 10], ['+353', 9]] as const

/** Real places, with what a night there (hotel and share of the flight) costs in euros. */
const DESTINATIONS: ReadonlyArray<readonly [string, number]> = [
  ['Lisbon, Portugal', 140], ['Porto, Portugal', 120], ['Madeira, Portugal', 150], ['Seville, Spain', 130], ['Barcelona, Spain', 170],
  ['Mallorca, Spain', 160], ['Paris, France', 210], ['Nice, France', 190], ['Rome, Italy', 180], ['Florence, Italy', 175],
  ['Amalfi Coast, Italy', 240], ['Santorini, Greece', 230], ['Crete, Greece', 150], ['Dubrovnik, Croatia', 160],
  ['Reykjavík, Iceland', 260], ['Tromsø, Norway', 250], ['Copenhagen, Denmark', 200], ['Vienna, Austria', 170],
  ['Prague, Czechia', 120], ['Istanbul, Türkiye', 130], ['Marrakech, Morocco', 140], ['Cape Town, South Africa', 220],
  ['Zanzibar, Tanzania', 210], ['Dubai, United Arab Emirates', 280], ['Maldives', 450], ['Kyoto, Japan', 260],
  ['Tokyo, Japan', 270], ['Bali, Indonesia', 180], ['Bangkok, Thailand', 150], ['Hanoi, Vietnam', 130], ['Sydney, Australia', 300],
  ['Queenstown, New Zealand', 290], ['New York, United States', 320], ['San Francisco, United States', 310],
  ['Banff, Canada', 260], ['Cancún, Mexico', 220], ['Havana, Cuba', 160], ['Cusco, Peru', 170], ['Rio de Janeiro, Brazil', 200],
  ['Buenos Aires, Argentina', 180]
]
const TRIP_NOTES = ['Honeymoon: room with a view requested', 'Travels with two children', 'Window seats, vegetarian meals',
  'Business trip; invoice the company', 'Anniversary surprise: do not call the home number', 'Needs step-free access']
const PAYMENT_METHODS = ['card', 'card', 'bank transfer', 'bank transfer', 'cash', 'MB Way']

/** The country of a client's phone prefix: the nationality on the passport of the one who books. */
const NATIONALITY_OF_PREFIX: Record<string, string> = {
  '+351': 'PT', '+34': 'ES', '+33': 'FR', '+49': 'DE', '+39': 'IT', '+31': 'NL', '+45': 'DK', '+44': 'GB', '+353': 'IE'
}

interface PlannedSupplier { name: string, kind: SupplierKind, email: string, phone: string, default_commission_rate: string, serves?: string }

/** Real airlines and hotels (`serves`: the destination a hotel is in), with the commission agencies usually get. */
const SUPPLIERS: readonly PlannedSupplier[] = [
  { name: 'TAP Air Portugal', kind: 'airline', email: 'agencies@flytap.example', phone: '+351 21 841 6990', default_commission_rate: '5.00' },
  { name: 'Lufthansa', kind: 'airline', email: 'agencies@lufthansa.example', phone: '+49 69 86 799 799', default_commission_rate: '4.00' },
  { name: 'Iberia', kind: 'airline', email: 'agencias@iberia.example', phone: '+34 91 587 7536', default_commission_rate: '4.50' },
  { name: 'Air France', kind: 'airline', email: 'agences@airfrance.example', phone: '+33 9 69 39 36 54', default_commission_rate: '4.00' },
  { name: 'KLM Royal Dutch Airlines', kind: 'airline', email: 'agents@klm.example', phone: '+31 20 474 7747', default_commission_rate: '4.00' },
  { name: 'Emirates', kind: 'airline', email: 'trade@emirates.example', phone: '+971 600 555555', default_commission_rate: '6.00' },
  { name: 'Pestana Palace Lisboa', kind: 'hotel', email: 'reservas@pestana.example', phone: '+351 21 361 5600', default_commission_rate: '12.00', serves: 'Lisbon' },
  { name: 'The Yeatman', kind: 'hotel', email: 'reservations@theyeatman.example', phone: '+351 22 013 3100', default_commission_rate: '10.00', serves: 'Porto' },
  { name: 'Belmond Reid\'s Palace', kind: 'hotel', email: 'reservations@belmond.example', phone: '+351 291 717 171', default_commission_rate: '10.00', serves: 'Madeira' },
  { name: 'Hotel Arts Barcelona', kind: 'hotel', email: 'reservations@hotelartsbarcelona.example', phone: '+34 932 211 000', default_commission_rate: '10.00', serves: 'Barcelona' },
  { name: 'Le Bristol Paris', kind: 'hotel', email: 'reservations@lebristolparis.example', phone: '+33 1 53 43 43 00', default_commission_rate: '10.00', serves: 'Paris' },
  { name: 'Hotel de Russie', kind: 'hotel', email: 'reservations@roccofortehotels.example', phone: '+39 06 328 881', default_commission_rate: '10.00', serves: 'Rome' },
  { name: 'Canaves Oia', kind: 'hotel', email: 'reservations@canaves.example', phone: '+30 22860 71453', default_commission_rate: '12.00', serves: 'Santorini' },
  { name: 'Aman Kyoto', kind: 'hotel', email: 'amankyoto@aman.example', phone: '+81 75 496 1333', default_commission_rate: '10.00', serves: 'Kyoto' },
  { name: 'The Plaza', kind: 'hotel', email: 'reservations@theplazany.example', phone: '+1 212 759 3000', default_commission_rate: '10.00', serves: 'New York' },
  { name: 'Copacabana Palace', kind: 'hotel', email: 'reservas@belmond.example', phone: '+55 21 2548 7070', default_commission_rate: '10.00', serves: 'Rio de Janeiro' },
  { name: 'Hotel Adlon Kempinski', kind: 'hotel', email: 'reservations.adlon@kempinski.example', phone: '+49 30 22610', default_commission_rate: '10.00' },
  { name: 'Hilton Hotels & Resorts', kind: 'hotel', email: 'travelagents@hilton.example', phone: '+1 800 445 8667', default_commission_rate: '8.00' },
  { name: 'Marriott International', kind: 'hotel', email: 'travelagents@marriott.example', phone: '+1 800 450 4442', default_commission_rate: '8.00' },
  { name: 'Welcome Pickups', kind: 'transfer', email: 'partners@welcomepickups.example', phone: '+30 21 1198 3260', default_commission_rate: '10.00' },
  { name: 'Allianz Travel', kind: 'insurance', email: 'agents@allianz-travel.example', phone: '+33 1 42 99 02 02', default_commission_rate: '20.00' },
  { name: 'Europcar', kind: 'car', email: 'agencies@europcar.example', phone: '+33 1 30 44 90 00', default_commission_rate: '8.00' }
]

interface PlannedClient { name: string, email: string, phone: string, company: string | null }
interface PlannedPayment { date: string, amount: string, method: string }
interface PlannedTraveller {
  first_name: string
  last_name: string
  date_of_birth: string
  nationality: string
  passport_number: string
  passport_expiry: string
  lead: boolean
  /** The trip's client, when this traveller is the client. */
  isClient: boolean
}

interface PlannedBooking { supplier: string, description: string, cost: string, sell_price: string, confirmation_ref: string }

interface PlannedTrip {
  clientEmail: string
  destination: string
  start: string
  end: string
  price: string
  notes: string | null
  status: TripStatus
  /** The status the trip came in with: an inquiry or a quote for most that were sold or lost since, else its status. */
  cameInAs: TripStatus
  travellers: PlannedTraveller[]
  bookings: PlannedBooking[]
  invoice?: { issue: string, due: string, payments: PlannedPayment[] }
}

function plainAscii (text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ø/g, 'o').replace(/[^a-zA-Z]/g, '').toLowerCase()
}

function plannedClient (index: number): PlannedClient {
  const random = generator(0xc11e47 + index * 7919)
  const first = pick(random, FIRST_NAMES)
  const last = pick(random, LAST_NAMES)
  const [prefix, digits] = pick(random, PHONES)
  const number = Array.from({ length: digits }, (_, position) => position === 0 ? 2 + Math.floor(random() * 7) : Math.floor(random() * 10)).join('')
  return {
    name: `${first} ${last}`,
    email: `${plainAscii(first)}.${plainAscii(last)}.${index + 1}@example.com`,
    phone: `${prefix} ${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`,
    company: random() < 0.35 ? pick(random, COMPANIES) : null
  }
}

function dayOf (anchor: string, offsetDays: number): string {
  return new Date(Date.parse(`${anchor}T00:00:00Z`) + offsetDays * DAY_MS).toISOString().slice(0, 10)
}

function earlier (a: string, b: string): string {
  return a < b ? a : b
}

/**
 * Who pays what and when, as an agency sees it: past trips mostly paid (a deposit, then the rest), some only
 * in part or not at all, so overdue; coming trips with a deposit, paid up, or nothing yet.
 */
function plannedPayments (random: () => number, price: string, issue: string, due: string, anchor: string): PlannedPayment[] {
  const total = toCents(price)
  const deposit = total * 30n / 100n / 100n * 100n
  const roll = random()
  const pastDue = due < anchor
  const share = pastDue
    ? (roll < 0.7 ? 'full' : roll < 0.85 ? 'deposit' : 'none')
    : (roll < 0.2 ? 'full' : roll < 0.6 ? 'deposit' : 'none')
  if (share === 'none' || total === 0n) return []
  const method = pick(random, PAYMENT_METHODS)
  const depositDate = earlier(dayOf(issue, 1 + Math.floor(random() * 5)), anchor)
  if (share === 'deposit' || deposit === 0n) {
    return [{ date: depositDate, amount: fromCents(share === 'deposit' && deposit > 0n ? deposit : total), method }]
  }
  const restDate = earlier(dayOf(due, -Math.floor(random() * 6)), anchor)
  return [
    { date: depositDate, amount: fromCents(deposit), method },
    { date: restDate < depositDate ? depositDate : restDate, amount: fromCents(total - deposit), method: pick(random, PAYMENT_METHODS) }
  ]
}

/**
 * Where a trip stands: one that is over was completed, or cancelled when it was never invoiced; of those still
 * to come, about a third are an inquiry or a quote (not invoiced yet), the others booked once invoiced.
 */
function plannedStatus (trip: Omit<PlannedTrip, 'status' | 'cameInAs' | 'travellers' | 'bookings'>, anchor: string, random: () => number): TripStatus {
  if (trip.end < anchor) return trip.invoice === undefined ? 'cancelled' : 'completed'
  const early = trip.start > anchor && random() < 0.35
  if (trip.invoice !== undefined && !early) return 'booked'
  return random() < 0.5 ? 'inquiry' : 'quoted'
}

/**
 * How a trip came in: every cancelled one and two in three of those booked or completed as an inquiry or a quote
 * (moved on since), the rest as they are, so that the pipeline report shows inquiries that were booked, lost
 * or are still open. A generator of its own, so that nothing else planned changes.
 */
function plannedArrival (index: number, status: TripStatus): TripStatus {
  const random = generator(0xa771e + index * 7727)
  if (status === 'inquiry' || status === 'quoted') return status
  if (status !== 'cancelled' && random() < 1 / 3) return status
  return random() < 0.6 ? 'inquiry' : 'quoted'
}

function passportNumber (random: () => number): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ'
  return `${pick(random, [...letters])}${pick(random, [...letters])}${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`
}

/** The client first (the lead), then whoever travels with them; about one passport in eight runs out too soon. */
function plannedTravellers (random: () => number, client: PlannedClient, count: number, trip: { start: string, end: string }): PlannedTraveller[] {
  const nationality = NATIONALITY_OF_PREFIX[client.phone.split(' ')[0] ?? ''] ?? 'PT'
  const [clientFirst = '', ...clientLast] = client.name.split(' ')
  return Array.from({ length: count }, (_, position) => {
    const expiry = random() < 0.12 ? dayOf(trip.end, 30 + Math.floor(random() * 120)) : dayOf(trip.end, 400 + Math.floor(random() * 3000))
    return {
      first_name: position === 0 ? clientFirst : pick(random, FIRST_NAMES),
      last_name: position === 0 ? clientLast.join(' ') : (random() < 0.7 ? clientLast.join(' ') : pick(random, LAST_NAMES)),
      date_of_birth: dayOf('1950-01-01', Math.floor(random() * 365 * 60)),
      nationality,
      passport_number: passportNumber(random),
      passport_expiry: expiry,
      lead: position === 0,
      isClient: position === 0
    }
  })
}

function confirmationRef (random: () => number): string {
  return Array.from({ length: 6 }, () => pick(random, [...'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'])).join('')
}

/**
 * What the agency bought for a trip: the flights and the hotel make most of the price (the agency's mark-up
 * on each), a transfer or insurance now and then. Nothing is booked yet for an inquiry or a cancelled trip.
 */
function plannedBookings (random: () => number, trip: { destination: string, price: string, status: TripStatus }, travellers: number): PlannedBooking[] {
  if (trip.status === 'inquiry' || trip.status === 'cancelled') return []
  const price = toCents(trip.price)
  const share = (percent: number) => price * BigInt(percent) / 100n
  const airline = pick(random, SUPPLIERS.filter((supplier) => supplier.kind === 'airline'))
  const hotel = SUPPLIERS.find((supplier) => supplier.serves !== undefined && trip.destination.startsWith(supplier.serves)) ??
    pick(random, SUPPLIERS.filter((supplier) => supplier.kind === 'hotel' && supplier.serves === undefined))
  const city = trip.destination.split(',')[0] ?? trip.destination
  const bookings: PlannedBooking[] = [
    { supplier: airline.name, description: `Return flights to ${city}, ${travellers} passenger(s), economy`, cost: fromCents(share(34)), sell_price: fromCents(share(38)), confirmation_ref: confirmationRef(random) },
    { supplier: hotel.name, description: `${hotel.name}, ${travellers <= 2 ? 'double room' : 'family room'}`, cost: fromCents(share(44)), sell_price: fromCents(share(50)), confirmation_ref: confirmationRef(random) }
  ]
  if (random() < 0.4) {
    bookings.push({ supplier: 'Welcome Pickups', description: `Airport transfers in ${city}`, cost: fromCents(share(3)), sell_price: fromCents(share(4)), confirmation_ref: confirmationRef(random) })
  }
  if (random() < 0.3) {
    bookings.push({ supplier: 'Allianz Travel', description: 'Travel insurance, cancellation cover', cost: fromCents(share(3)), sell_price: fromCents(share(4)), confirmation_ref: confirmationRef(random) })
  }
  return bookings
}

/** Trips over the twelve months before the anchor day and the six after it. */
function plannedTrip (index: number, clients: PlannedClient[], anchor: string): PlannedTrip {
  const random = generator(0x7219 + index * 104729)
  const client = clients[Math.floor(random() * clients.length)] as PlannedClient
  const [destination, nightly] = pick(random, DESTINATIONS)
  const start = dayOf(anchor, -365 + Math.floor(random() * 548))
  const nights = 3 + Math.floor(random() * 12)
  const travellers = 1 + Math.floor(random() * 3)
  // Whole euros or fifty cents, as an agency quotes.
  const price = fromCents(BigInt(nightly * nights * travellers) * 100n + (random() < 0.3 ? 50n : 0n))
  const trip: Omit<PlannedTrip, 'status' | 'cameInAs' | 'travellers' | 'bookings'> = {
    clientEmail: client.email,
    destination,
    start,
    end: dayOf(start, nights),
    price,
    notes: random() < 0.25 ? pick(random, TRIP_NOTES) : null
  }
  if (random() < 0.92) {
    const issue = earlier(dayOf(start, -(30 + Math.floor(random() * 60))), anchor)
    const due = dayOf(issue, 14 + Math.floor(random() * 31))
    trip.invoice = { issue, due, payments: plannedPayments(random, price, issue, due, anchor) }
  }
  // A generator of its own: the trips, invoices and payments planned before these came stay as they were.
  const more = generator(0x7a7e11 + index * 15485863)
  const status = plannedStatus(trip, anchor, more)
  if (status === 'inquiry' || status === 'quoted') delete trip.invoice
  return {
    ...trip,
    status,
    cameInAs: plannedArrival(index, status),
    travellers: plannedTravellers(more, client, travellers, trip),
    bookings: plannedBookings(more, { destination, price, status }, travellers)
  }
}

function tripKey (clientEmail: string, destination: string, start: string): string {
  return `${clientEmail}|${destination}|${start}`
}

/** An Idempotency-Key a retry or a second run sends again for the same invoice or payment. */
function idempotencyKey (kind: string, naturalKey: string): string {
  return `demo-${kind}-${createHash('sha256').update(naturalKey).digest('hex').slice(0, 32)}`
}

// ---- the gateway -----------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor (readonly status: number, readonly body: unknown, what: string) {
    const problem = body as { code?: string, detail?: string } | undefined
    super(`${what} answered ${status}${problem?.code !== undefined ? ` ${problem.code}` : ''}: ${problem?.detail ?? JSON.stringify(body)}`)
  }
}

class Gateway {
  constructor (private readonly baseUrl: string) {}

  /**
   * One call; waits as `Retry-After` says when rate limited (429) or when a service is briefly down (503),
   * both of which mean the request did nothing.
   */
  async call<T> (method: string, path: string, options: { token?: string, body?: unknown, idempotencyKey?: string } = {}): Promise<{ body: T, headers: Headers }> {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.idempotencyKey !== undefined ? { 'idempotency-key': options.idempotencyKey } : {})
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body)
      })
      const text = await response.text()
      const body = text === '' ? undefined : JSON.parse(text) as unknown
      if (response.ok) return { body: body as T, headers: response.headers }
      if ((response.status === 429 || response.status === 503) && attempt < 30) {
        const wait = Math.min(60, Number(response.headers.get('retry-after') ?? '1') || 1)
        if (response.status === 429 && attempt === 1) process.stdout.write(`  rate limited: waiting ${wait} s (start the gateway with RATE_LIMIT_ALLOW=loopback to seed faster)\n`)
        await new Promise((resolve) => setTimeout(resolve, wait * 1000))
        continue
      }
      throw new ApiError(response.status, body, `${method} ${path}`)
    }
  }

  /** Every item of a list, page by page (500 at a time, the most a page holds). */
  async all<T> (path: string, token: string): Promise<T[]> {
    const items: T[] = []
    for (let offset = 0; ; offset += 500) {
      const { body, headers } = await this.call<T[]>('GET', `${path}${path.includes('?') ? '&' : '?'}limit=500&offset=${offset}`, { token })
      items.push(...body)
      if (body.length < 500 || items.length >= Number(headers.get('x-total-count') ?? items.length)) return items
    }
  }

  async login (username: string, password: string): Promise<string | undefined> {
    try {
      return (await this.call<{ access_token: string }>('POST', '/login', { body: { username, password } })).body.access_token
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return undefined
      throw error
    }
  }
}

/** Runs `work` over the items, a few at a time: fast enough, and gentle with the stack. */
async function inParallel<T> (items: T[], work: (item: T) => Promise<void>, width = 4): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T
      next += 1
      await work(item)
    }
  }))
}

// ---- seeding -------------------------------------------------------------------------------------------

async function seedUsers (gateway: Gateway, adminToken: string): Promise<void> {
  const existing = new Map((await gateway.all<User>('/users', adminToken)).map((user) => [user.username.toLowerCase(), user]))
  for (const demo of DEMO_USERS) {
    const user = existing.get(demo.username)
    if (user === undefined) {
      await gateway.call('POST', '/register', { token: adminToken, body: demo })
      process.stdout.write(`  user ${demo.username} (${demo.role}) created\n`)
    } else if (await gateway.login(demo.username, demo.password) === undefined) {
      await gateway.call('PATCH', `/users/${user.id}`, { token: adminToken, body: { password: demo.password, disabled: false } })
      process.stdout.write(`  user ${demo.username} existed with another password: reset to the demo one\n`)
    }
  }
}

/** The agency's details for its documents, given once: a second run leaves what an admin may have changed since. */
async function seedAgency (gateway: Gateway, adminToken: string): Promise<void> {
  try {
    await gateway.call('GET', '/settings/agency', { token: adminToken })
    process.stdout.write('  agency details: already set\n')
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error
    await gateway.call('PUT', '/settings/agency', {
      token: adminToken,
      body: {
        legal_name: 'Nordresor Åkesson AB',
        address: 'Götgatan 12\n116 46 Stockholm\nSverige',
        vat_number: 'SE556677889901',
        iban: 'SE45 5000 0000 0583 9825 7466',
        bic: 'ESSESESS',
        email: 'office@nordresor.example',
        phone: '+46 8 555 010 20',
        invoice_footer: 'Registered office Stockholm · Approved for F-tax'
      }
    })
    process.stdout.write('  agency details: set (GET /invoices/:id/pdf prints them)\n')
  }
}

async function seedClients (gateway: Gateway, token: string, planned: PlannedClient[]): Promise<Map<string, Client>> {
  const byEmail = new Map((await gateway.all<Client>('/clients', token)).map((client) => [client.email.toLowerCase(), client]))
  const missing = planned.filter((client) => !byEmail.has(client.email))
  await inParallel(missing, async (client) => {
    const created = await gateway.call<Client>('POST', '/clients', { token, body: client })
    byEmail.set(client.email, created.body)
  })
  process.stdout.write(`  clients: ${planned.length} planned, ${missing.length} created\n`)
  return byEmail
}

async function seedTrips (
  gateway: Gateway, token: string, planned: PlannedTrip[], clients: Map<string, Client>
): Promise<{ trips: Map<string, Trip>, createdNow: Set<number> }> {
  const emailOf = new Map([...clients.values()].map((client) => [client.id, client.email.toLowerCase()]))
  const byKey = new Map<string, Trip>()
  for (const trip of await gateway.all<Trip>('/trips', token)) {
    const email = emailOf.get(trip.client_id)
    if (email !== undefined) byKey.set(tripKey(email, trip.destination, trip.start_date), trip)
  }
  const missing = planned.filter((trip) => !byKey.has(tripKey(trip.clientEmail, trip.destination, trip.start)))
  const createdNow = new Set<number>()
  await inParallel(missing, async (trip) => {
    const client = clients.get(trip.clientEmail) as Client
    const created = await gateway.call<Trip>('POST', '/trips', {
      token,
      body: {
        client_id: client.id, destination: trip.destination, start_date: trip.start, end_date: trip.end, price: trip.price, currency: 'EUR',
        notes: trip.notes, status: trip.cameInAs
      }
    })
    // Moved on through the pipeline the way an agent would, so that crm announces the conversion.
    const now = trip.cameInAs === trip.status
      ? created.body
      : (await gateway.call<Trip>('PATCH', `/trips/${created.body.id}`, { token, body: { status: trip.status } })).body
    byKey.set(tripKey(trip.clientEmail, trip.destination, trip.start), now)
    createdNow.add(now.id)
  })
  process.stdout.write(`  trips: ${planned.length} planned, ${missing.length} created\n`)
  return { trips: byKey, createdNow }
}

async function seedSuppliers (gateway: Gateway, token: string): Promise<Map<string, Supplier>> {
  const byName = new Map((await gateway.all<Supplier>('/suppliers', token)).map((supplier) => [supplier.name, supplier]))
  const missing = SUPPLIERS.filter((supplier) => !byName.has(supplier.name))
  await inParallel(missing, async ({ serves: _serves, ...supplier }) => {
    byName.set(supplier.name, (await gateway.call<Supplier>('POST', '/suppliers', { token, body: supplier })).body)
  })
  process.stdout.write(`  suppliers: ${SUPPLIERS.length} planned, ${missing.length} created\n`)
  return byName
}

/**
 * Who travels on each trip and what was booked for it. A trip that has travellers or bookings already keeps
 * them as they are (an agent may have changed them since): only trips without any get the planned ones.
 */
async function seedTravellersAndBookings (
  gateway: Gateway, token: string, planned: PlannedTrip[], trips: Map<string, Trip>, clients: Map<string, Client>,
  suppliers: Map<string, Supplier>, createdNow: Set<number>
): Promise<void> {
  let travellersCreated = 0
  let bookingsCreated = 0
  await inParallel(planned, async (plannedTrip) => {
    const trip = trips.get(tripKey(plannedTrip.clientEmail, plannedTrip.destination, plannedTrip.start)) as Trip
    const fresh = createdNow.has(trip.id)
    const hasTravellers = !fresh && (await gateway.call<Traveller[]>('GET', `/trips/${trip.id}/travellers?limit=1`, { token })).body.length > 0
    if (!hasTravellers) {
      for (const { isClient, ...traveller } of plannedTrip.travellers) {
        const body = { ...traveller, client_id: isClient ? (clients.get(plannedTrip.clientEmail) as Client).id : null }
        await gateway.call<Traveller>('POST', `/trips/${trip.id}/travellers`, { token, body })
        travellersCreated += 1
      }
    }
    const hasBookings = !fresh && (await gateway.call<Booking[]>('GET', `/trips/${trip.id}/bookings?limit=1`, { token })).body.length > 0
    if (!hasBookings) {
      for (const booking of plannedTrip.bookings) {
        const { supplier, ...fields } = booking
        await gateway.call<Booking>('POST', `/trips/${trip.id}/bookings`, {
          token,
          body: {
            ...fields, supplier_id: (suppliers.get(supplier) as Supplier).id, start_date: plannedTrip.start, end_date: plannedTrip.end,
            status: plannedTrip.status === 'quoted' ? 'pending' : 'confirmed'
          }
        })
        bookingsCreated += 1
      }
    }
  })
  process.stdout.write(`  travellers: ${travellersCreated} created; bookings: ${bookingsCreated} created\n`)
}

async function seedInvoicesAndPayments (gateway: Gateway, token: string, planned: PlannedTrip[], trips: Map<string, Trip>): Promise<void> {
  const invoiceOfTrip = new Map((await gateway.all<Invoice>('/invoices', token)).map((invoice) => [invoice.trip_id, invoice]))
  const paymentsOf = new Map<number, number>()
  for (const payment of await gateway.all<Payment>('/payments', token)) paymentsOf.set(payment.invoice_id, (paymentsOf.get(payment.invoice_id) ?? 0) + 1)
  let invoicesCreated = 0
  let paymentsCreated = 0
  await inParallel(planned.filter((trip) => trip.invoice !== undefined), async (plannedTrip) => {
    const key = tripKey(plannedTrip.clientEmail, plannedTrip.destination, plannedTrip.start)
    const trip = trips.get(key) as Trip
    const plan = plannedTrip.invoice as NonNullable<PlannedTrip['invoice']>
    let invoice = invoiceOfTrip.get(trip.id)
    if (invoice === undefined) {
      invoice = (await gateway.call<Invoice>('POST', '/invoices', {
        token,
        idempotencyKey: idempotencyKey('invoice', key),
        // A trip far enough ahead is billed as agencies do: a deposit now, the balance a month before departure.
        body: dayOf(plan.issue, 45) < plannedTrip.start
          ? { trip_id: trip.id, issue_date: plan.issue, amount: plannedTrip.price, schedule: { deposit_percent: 20, balance_days_before_departure: 30 } }
          : { trip_id: trip.id, issue_date: plan.issue, due_date: plan.due, amount: plannedTrip.price }
      })).body
      invoicesCreated += 1
    }
    // Payments of one invoice in their order: the second is found again as the invoice's second payment.
    for (const [position, payment] of plan.payments.entries()) {
      if (position < (paymentsOf.get(invoice.id) ?? 0)) continue
      await gateway.call<Payment>('POST', '/payments', {
        token,
        idempotencyKey: idempotencyKey('payment', `${key}|${position}`),
        body: { invoice_id: invoice.id, payment_date: payment.date, amount: payment.amount, payment_method: payment.method, reference: `DEMO-${invoice.id}-${position + 1}` }
      })
      paymentsCreated += 1
    }
  })
  process.stdout.write(`  invoices: ${invoicesCreated} created; payments: ${paymentsCreated} created\n`)
}

/** How many completed trips' suppliers have paid their commission on the trip's first booking. */
const COMMISSIONS_PAID = 5

/**
 * The commission suppliers paid on a few completed trips, three weeks after each ended. Billing learns of the
 * bookings from crm's events, so it is waited for; a commission already received is left as it is.
 */
async function seedCommissionPayments (gateway: Gateway, token: string, planned: PlannedTrip[], trips: Map<string, Trip>, anchor: string): Promise<void> {
  let paid = 0
  for (const plannedTrip of planned.filter((trip) => trip.status === 'completed' && trip.bookings.length > 0).slice(0, COMMISSIONS_PAID)) {
    const key = tripKey(plannedTrip.clientEmail, plannedTrip.destination, plannedTrip.start)
    const trip = trips.get(key) as Trip
    const [booking] = (await gateway.call<Booking[]>('GET', `/trips/${trip.id}/bookings?limit=1`, { token })).body
    if (booking === undefined) continue
    let commission: Commission | undefined
    for (let attempt = 0; commission === undefined && attempt < 50; attempt += 1) {
      commission = (await gateway.all<Commission>(`/commissions?supplier_id=${booking.supplier_id}`, token)).find((owed) => owed.booking_id === booking.id)
      if (commission === undefined) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    if (commission === undefined) throw new Error(`billing has not heard of booking ${booking.id} within 10 s`)
    if (commission.status === 'Received' || commission.status === 'Cancelled') continue
    await gateway.call('POST', '/commission-payments', {
      token,
      idempotencyKey: idempotencyKey('commission', key),
      body: { booking_id: booking.id, amount: commission.balance, received_date: earlier(dayOf(plannedTrip.end, 21), anchor) }
    })
    paid += 1
  }
  process.stdout.write(`  commission payments: ${paid} created\n`)
}

async function main (): Promise<void> {
  const gatewayUrl = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000'
  const adminUsername = process.env['BOOTSTRAP_ADMIN_USERNAME']
  const adminPassword = process.env['BOOTSTRAP_ADMIN_PASSWORD']
  if (adminUsername === undefined || adminUsername === '' || adminPassword === undefined || adminPassword === '') {
    throw new Error('Set BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD to an admin of the running stack ' +
      '(the ones `pnpm start` was given), e.g.\n  BOOTSTRAP_ADMIN_USERNAME=admin BOOTSTRAP_ADMIN_PASSWORD=… pnpm demo:seed')
  }
  const clientCount = countFrom('DEMO_CLIENTS', 200)
  const tripCount = countFrom('DEMO_TRIPS', 500)
  const gateway = new Gateway(gatewayUrl)
  process.stdout.write(`Seeding the demo agency through ${gatewayUrl}\n`)

  let adminToken: string | undefined
  try {
    adminToken = await gateway.login(adminUsername, adminPassword)
  } catch (error) {
    throw new Error(`No gateway answers at ${gatewayUrl} (${(error as Error).message}): start the stack with \`pnpm start\`, or set GATEWAY_URL`, { cause: error })
  }
  if (adminToken === undefined) throw new Error(`${adminUsername} cannot log in with BOOTSTRAP_ADMIN_PASSWORD`)
  await seedUsers(gateway, adminToken)
  await seedAgency(gateway, adminToken)
  const agent = DEMO_USERS[1]
  const token = await gateway.login(agent.username, agent.password) as string

  const plannedClients = Array.from({ length: clientCount }, (_, index) => plannedClient(index))
  const clients = await seedClients(gateway, token, plannedClients)
  if (tripCount > 0 && clientCount > 0) {
    const anchor = (clients.get(plannedClients[0]?.email ?? '') as Client).created_at.slice(0, 10)
    process.stdout.write(`  dates count from ${anchor}, the day the demo agency was first seeded\n`)
    const seen = new Set<string>()
    const plannedTrips = Array.from({ length: tripCount }, (_, index) => plannedTrip(index, plannedClients, anchor))
      .filter((trip) => { const key = tripKey(trip.clientEmail, trip.destination, trip.start); const fresh = !seen.has(key); seen.add(key); return fresh })
    const { trips, createdNow } = await seedTrips(gateway, token, plannedTrips, clients)
    const suppliers = await seedSuppliers(gateway, token)
    await seedTravellersAndBookings(gateway, token, plannedTrips, trips, clients, suppliers, createdNow)
    await seedInvoicesAndPayments(gateway, token, plannedTrips, trips)
    await seedCommissionPayments(gateway, token, plannedTrips, trips, anchor)
  }

  process.stdout.write('\nDemo users (log in with POST /login, or in Swagger UI at /docs):\n')
  for (const user of DEMO_USERS) process.stdout.write(`  ${user.role.padEnd(8)} ${user.username.padEnd(14)} ${user.password}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`demo:seed failed: ${(error as Error).message}\n`)
  process.exitCode = 1
})
