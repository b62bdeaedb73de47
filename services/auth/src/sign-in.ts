import type { MikroORM } from '@mikro-orm/postgresql'
import type { LoginBody, TokenPair } from '@travel-crm/contracts'
import type { AccessTokenIssuer } from './access-tokens.js'
import { findUserByName } from './accounts.js'
import { UserSchema, type User } from './entities/user.js'
import type { LoginThrottle } from './login-throttle.js'
import { passwordMatches } from './passwords.js'
import { AuthProblems, loginThrottled } from './problems.js'
import type { Sessions } from './sessions.js'

/** Login, refresh and logout: how a user gets, renews and gives up tokens. */
export class SignIn {
  constructor (
    private readonly orm: MikroORM,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
    private readonly issueAccessToken: AccessTokenIssuer,
    private readonly accessTokenTtl: number
  ) {}

  /**
   * Unknown user, wrong password and disabled account all give the same 401 after the same argon2 work, so
   * a caller learns nothing about which accounts exist. The throttle is checked before the password.
   */
  async login (body: LoginBody, address: string): Promise<TokenPair> {
    const attempt = { usernameKey: body.username.toLowerCase(), address }
    const em = this.orm.em.fork()
    const wait = await this.throttle.retryAfter(em, attempt)
    if (wait !== undefined) throw loginThrottled(wait)
    const user = await findUserByName(em, body.username)
    const matches = await passwordMatches(user?.passwordHash, body.password)
    if (user === null || !matches || user.disabled) {
      await this.throttle.recordFailure(em, attempt)
      throw new AuthProblems.invalidCredentials()
    }
    return await em.transactional(async (tx) => {
      await this.throttle.clear(tx, attempt)
      await this.sessions.removeExpired(tx, user.id)
      return this.tokenPair(user, await this.sessions.issue(tx, user.id))
    })
  }

  /** A used refresh token is spent; presenting it again revokes its whole family (see Sessions). */
  async refresh (refreshToken: string): Promise<TokenPair> {
    // The revocation that reuse causes must commit even though the caller gets a 401: nothing throws inside.
    const outcome = await this.orm.em.fork().transactional(async (em) => {
      const used = await this.sessions.use(em, refreshToken)
      if (typeof used === 'string') return used
      const user = await em.findOne(UserSchema, { id: used.userId })
      if (user === null || user.disabled) {
        await this.sessions.revokeFamily(em, used.family)
        return 'inactive'
      }
      return this.tokenPair(user, await this.sessions.issue(em, user.id, used.family))
    })
    if (outcome === 'inactive') throw new AuthProblems.accountInactive()
    if (typeof outcome === 'string') throw new AuthProblems.invalidRefreshToken()
    return outcome
  }

  async logout (refreshToken: string): Promise<void> {
    await this.sessions.revokeByToken(this.orm.em.fork(), refreshToken)
  }

  private tokenPair (user: User, refreshToken: string): TokenPair {
    return { access_token: this.issueAccessToken(user), refresh_token: refreshToken, token_type: 'Bearer', expires_in: this.accessTokenTtl }
  }
}
