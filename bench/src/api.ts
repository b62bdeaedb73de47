import { setTimeout } from 'node:timers/promises'

/** How many times a call that meets 503s is made before the bench gives up on it. */
const UNAVAILABLE_ATTEMPTS = 5

/** `Retry-After` in seconds (the stack sends seconds, never a date) as milliseconds; 1 s when absent or unreadable. */
function retryDelayMs (header: string | null): number {
  const seconds = header === null ? Number.NaN : Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000
}

/** The few calls the bench makes through the gateway to set a scene up (not the calls it measures). */
export class Api {
  constructor (readonly baseUrl: string, private token: string | undefined = undefined) {}

  static async login (baseUrl: string, username: string, password: string): Promise<Api> {
    const api = new Api(baseUrl)
    const { access_token: token } = await api.call<{ access_token: string }>('POST', '/login', { username, password })
    api.token = token
    return api
  }

  get bearer (): string {
    if (this.token === undefined) throw new Error('not logged in')
    return `Bearer ${this.token}`
  }

  /**
   * One call; a 503 is asked again after its `Retry-After`, as an integrator's client would. The stack answers
   * 503 only before it has stored anything (a dependency or a pooled connection was not there in time), which
   * a machine shared with other work can cause while the bench sets a scene up; the scene must still be whole.
   */
  async call<Reply> (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token !== undefined ? { authorization: `Bearer ${this.token}` } : {}),
          ...headers
        },
        body: body === undefined ? undefined : JSON.stringify(body)
      })
      const text = await response.text()
      if (response.status === 503 && attempt < UNAVAILABLE_ATTEMPTS) {
        await setTimeout(retryDelayMs(response.headers.get('retry-after')))
        continue
      }
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`)
      return (text === '' ? undefined : JSON.parse(text)) as Reply
    }
  }

  /** A user of the given role (made if missing) logged in; the bench itself is an admin. */
  async as (role: 'agent' | 'analyst', password = `${role}-bench-passphrase`): Promise<Api> {
    const username = `bench-${role}`
    try {
      return await Api.login(this.baseUrl, username, password)
    } catch {
      await this.call('POST', '/register', { username, password, role })
      return await Api.login(this.baseUrl, username, password)
    }
  }
}

/** Runs `work` over `items` with at most `concurrency` at once, in order of start. */
export async function inParallel<Item, Result> (items: readonly Item[], concurrency: number, work: (item: Item, index: number) => Promise<Result>): Promise<Result[]> {
  const results = new Array<Result>(items.length)
  let next = 0
  async function worker (): Promise<void> {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as Item, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}
