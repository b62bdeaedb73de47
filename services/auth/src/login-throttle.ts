import type { EntityManager } from '@mikro-orm/postgresql'
import type { AuthConfig } from './config.js'

export interface LoginAttempt {
  /** The username as typed, lower-cased: the same account however it is spelled. */
  usernameKey: string
  address: string
}

/**
 * Failed logins, counted in the database so that every auth replica sees the same count. Three limits: per
 * username and address (guessing one account's password), a wider one per address (trying many accounts),
 * and per account from all addresses together (guessing one password from many addresses). The first two
 * refuse until failures age out of the window; counting per address means an attacker elsewhere cannot lock
 * a user out, and one user's failures do not stop colleagues behind the same address. The per-account limit
 * cannot work that way, since an attacker could then lock anyone out from afar: it is a delay instead, which
 * doubles with each failure past the free ones and never exceeds `LOGIN_ACCOUNT_MAX_DELAY` after the last
 * failure. Refused tries check no password and count for nothing, so a guesser gets one guess per delay, and
 * the real user waits at most that long for a try of their own.
 */
export class LoginThrottle {
  constructor (private readonly config: Pick<AuthConfig, 'LOGIN_MAX_FAILURES' | 'LOGIN_MAX_FAILURES_PER_ADDRESS' | 'LOGIN_FAILURE_WINDOW' | 'LOGIN_ACCOUNT_FREE_FAILURES' | 'LOGIN_ACCOUNT_MAX_DELAY'>) {}

  /** Seconds until the next attempt is allowed, or undefined when it is allowed now. */
  async retryAfter (em: EntityManager, attempt: LoginAttempt): Promise<number | undefined> {
    const perAddress = await this.addressWait(em, attempt)
    const perAccount = await this.accountWait(em, attempt)
    const waits = [perAddress, perAccount].filter((wait): wait is number => wait !== undefined)
    return waits.length === 0 ? undefined : Math.max(...waits)
  }

  /** The account's delay: 1 s after the first failure past the free ones, doubling, at most the configured maximum. */
  static accountDelay (failures: number, freeFailures: number, maxDelay: number): number {
    if (failures < freeFailures) return 0
    return Math.min(maxDelay, 2 ** Math.min(failures - freeFailures, 30))
  }

  private async accountWait (em: EntityManager, attempt: LoginAttempt): Promise<number | undefined> {
    const [row] = await em.execute<Array<{ failures: string, since_last: string | null }>>(
      `select count(*) as failures, extract(epoch from now() - max(failed_at)) as since_last from login_failure
        where username_key = ? and failed_at > now() - make_interval(secs => ?)`,
      [attempt.usernameKey, this.config.LOGIN_FAILURE_WINDOW]
    )
    const delay = LoginThrottle.accountDelay(Number(row?.failures ?? 0), this.config.LOGIN_ACCOUNT_FREE_FAILURES, this.config.LOGIN_ACCOUNT_MAX_DELAY)
    const wait = delay - Number(row?.since_last ?? delay)
    return wait > 0 ? Math.max(1, Math.ceil(wait)) : undefined
  }

  private async addressWait (em: EntityManager, attempt: LoginAttempt): Promise<number | undefined> {
    const window = this.config.LOGIN_FAILURE_WINDOW
    // The n-th most recent failure in the window: once it ages out, fewer than n remain.
    const waits = await em.execute<Array<{ wait: string }>>(
      `(select extract(epoch from failed_at + make_interval(secs => ?) - now()) as wait from login_failure
          where username_key = ? and address = ? and failed_at > now() - make_interval(secs => ?)
          order by failed_at desc offset ? limit 1)
       union all
       (select extract(epoch from failed_at + make_interval(secs => ?) - now()) as wait from login_failure
          where address = ? and failed_at > now() - make_interval(secs => ?)
          order by failed_at desc offset ? limit 1)`,
      [window, attempt.usernameKey, attempt.address, window, this.config.LOGIN_MAX_FAILURES - 1,
        window, attempt.address, window, this.config.LOGIN_MAX_FAILURES_PER_ADDRESS - 1]
    )
    if (waits.length === 0) return undefined
    return Math.max(1, Math.ceil(Math.max(...waits.map((row) => Number(row.wait)))))
  }

  async recordFailure (em: EntityManager, attempt: LoginAttempt): Promise<void> {
    await em.execute('insert into login_failure (username_key, address) values (?, ?)', [attempt.usernameKey, attempt.address])
    await em.execute('delete from login_failure where failed_at < now() - make_interval(secs => ?)', [this.config.LOGIN_FAILURE_WINDOW])
  }

  /** A successful login forgets that name's failures from that address. */
  async clear (em: EntityManager, attempt: LoginAttempt): Promise<void> {
    await em.execute('delete from login_failure where username_key = ? and address = ?', [attempt.usernameKey, attempt.address])
  }
}
