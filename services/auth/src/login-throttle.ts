import type { EntityManager } from '@mikro-orm/postgresql'
import type { AuthConfig } from './config.js'

export interface LoginAttempt {
  /** The username as typed, lower-cased: the same account however it is spelled. */
  usernameKey: string
  address: string
}

/**
 * Failed logins, counted in the database so that every auth replica sees the same count. Two limits: per
 * username and address (guessing one account's password), and a wider one per address (trying many
 * accounts). Counting per address as well as per name means an attacker elsewhere cannot lock a user out,
 * and one user's failures do not stop colleagues behind the same address.
 */
export class LoginThrottle {
  constructor (private readonly config: Pick<AuthConfig, 'LOGIN_MAX_FAILURES' | 'LOGIN_MAX_FAILURES_PER_ADDRESS' | 'LOGIN_FAILURE_WINDOW'>) {}

  /** Seconds until the next attempt is allowed, or undefined when it is allowed now. */
  async retryAfter (em: EntityManager, attempt: LoginAttempt): Promise<number | undefined> {
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
