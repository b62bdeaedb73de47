import type { BrowserSession, Role } from '@travel-crm/contracts'
import { BROWSER_SESSION_HEADER, BROWSER_SESSION_HEADER_VALUE, BROWSER_SESSION_PATH } from '@travel-crm/contracts/browser-session'
import { ApiError, problemOf } from './problem.js'

export interface SignedInUser {
  user_id: number
  username: string
  role: Role
}

export interface SessionOptions {
  /** The gateway's address; '' for the page's own origin. */
  baseUrl?: string
  fetch?: typeof fetch
  /** Timers, so that tests can run the clock. */
  setTimeout?: (callback: () => void, ms: number) => unknown
  clearTimeout?: (handle: unknown) => void
  /** Serialises refreshes across the tabs of one browser (Web Locks), so two tabs never spend one refresh token twice. */
  withLock?: <T>(work: () => Promise<T>) => Promise<T>
}

/**
 * When to refresh: a minute before expiry, or at four fifths of a short lifetime, never sooner than a second.
 * Early enough that no request meets an expired token; late enough not to refresh for nothing.
 */
export function refreshDelayMs (expiresInSeconds: number): number {
  return Math.max(1000, Math.min(expiresInSeconds * 1000 - 60_000, expiresInSeconds * 800))
}

async function browserLock<T> (work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  return locks === undefined ? await work() : await (locks.request('travel-crm-session-refresh', work) as Promise<T>)
}

/**
 * The signed-in user's session. The access token lives in this object only (never in storage a script could
 * read later); the refresh token is an httpOnly cookie the browser sends to `/session/*` by itself.
 */
export class Session {
  private accessToken: string | undefined
  private refreshTimer: unknown
  private refreshing: Promise<boolean> | undefined
  private readonly listeners = new Set<() => void>()
  user: SignedInUser | undefined
  private readonly baseUrl: string
  private readonly fetch: typeof fetch
  private readonly setTimer: (callback: () => void, ms: number) => unknown
  private readonly clearTimer: (handle: unknown) => void
  private readonly withLock: <T>(work: () => Promise<T>) => Promise<T>

  constructor (options: SessionOptions = {}) {
    this.baseUrl = options.baseUrl ?? ''
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.setTimer = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms))
    this.clearTimer = options.clearTimeout ?? ((handle) => { globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>) })
    this.withLock = options.withLock ?? browserLock
  }

  get token (): string | undefined {
    return this.accessToken
  }

  subscribe (listener: () => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  async login (username: string, password: string): Promise<void> {
    await this.start(await this.post(BROWSER_SESSION_PATH, { username, password }))
  }

  /**
   * A new access token from the cookie. Concurrent callers (a timer and a 401 at once) share one request.
   * Resolves false, and signs out here, when the server no longer knows the session.
   */
  async refresh (): Promise<boolean> {
    this.refreshing ??= this.withLock(async () => {
      try {
        await this.start(await this.post(`${BROWSER_SESSION_PATH}/refresh`))
        return true
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          this.end()
          return false
        }
        throw error
      }
    }).finally(() => { this.refreshing = undefined })
    return await this.refreshing
  }

  /** Ends the session on the server too: its refresh token stops working and the cookie is cleared. */
  async logout (): Promise<void> {
    try {
      await this.post(`${BROWSER_SESSION_PATH}/logout`)
    } finally {
      this.end()
    }
  }

  private async start (session: BrowserSession): Promise<void> {
    this.accessToken = session.access_token
    this.clearTimer(this.refreshTimer)
    this.refreshTimer = this.setTimer(() => { void this.refresh().catch(() => undefined) }, refreshDelayMs(session.expires_in))
    const me = await this.fetch(`${this.baseUrl}/me`, { headers: { authorization: `Bearer ${session.access_token}` } })
    if (!me.ok) throw await problemOf(me)
    this.user = await me.json() as SignedInUser
    this.notify()
  }

  private end (): void {
    this.clearTimer(this.refreshTimer)
    this.accessToken = undefined
    this.user = undefined
    this.notify()
  }

  private notify (): void {
    for (const listener of this.listeners) listener()
  }

  private async post (path: string, body?: unknown): Promise<BrowserSession> {
    const response = await this.fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        [BROWSER_SESSION_HEADER]: BROWSER_SESSION_HEADER_VALUE,
        ...(body === undefined ? {} : { 'content-type': 'application/json' })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    if (!response.ok) throw await problemOf(response)
    return response.status === 204 ? undefined as never : await response.json() as BrowserSession
  }
}
