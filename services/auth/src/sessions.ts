import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'

function tokenHash (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * A login session as a chain of refresh tokens (a family). Each refresh token works once; using it yields the
 * next one. Presenting a token that was already used means two parties hold the chain, so the whole family
 * is revoked and both must log in again. The tokens themselves are opaque; only their hashes are stored.
 */
export class Sessions {
  constructor (private readonly ttlSeconds: number) {}

  /** Starts a family (login) or continues one (refresh); returns the new refresh token. */
  async issue (em: EntityManager, userId: number, family: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url')
    await em.execute(
      'insert into refresh_token (token_hash, family, user_id, expires_at) values (?, ?, ?, now() + make_interval(secs => ?))',
      [tokenHash(token), family, userId, this.ttlSeconds]
    )
    return token
  }

  /**
   * Marks the token used and returns its user and family, or tells why it cannot be used. The update is
   * conditional, so of two concurrent uses of one token only one wins; the other counts as reuse.
   */
  async use (em: EntityManager, token: string): Promise<{ userId: number, family: string } | 'unknown' | 'reused'> {
    const hash = tokenHash(token)
    const [claimed] = await em.execute<Array<{ user_id: number, family: string }>>(
      `update refresh_token set used_at = now()
        where token_hash = ? and used_at is null and revoked_at is null and expires_at > now()
        returning user_id, family`,
      [hash]
    )
    if (claimed !== undefined) return { userId: claimed.user_id, family: claimed.family }
    const [known] = await em.execute<Array<{ family: string, spent: boolean }>>(
      'select family, (used_at is not null or revoked_at is not null) as spent from refresh_token where token_hash = ? and expires_at > now()',
      [hash]
    )
    if (known?.spent !== true) return 'unknown'
    await this.revokeFamily(em, known.family)
    return 'reused'
  }

  async revokeFamily (em: EntityManager, family: string): Promise<void> {
    await em.execute('update refresh_token set revoked_at = now() where family = ? and revoked_at is null', [family])
  }

  /** Logout: ends the session the token belongs to. Unknown tokens are ignored: logout never fails. */
  async revokeByToken (em: EntityManager, token: string): Promise<void> {
    await em.execute(
      'update refresh_token set revoked_at = now() where revoked_at is null and family = (select family from refresh_token where token_hash = ?)',
      [tokenHash(token)]
    )
  }

  /** A new password or a disabled account ends every session of the user. */
  async revokeAllOf (em: EntityManager, userId: number): Promise<void> {
    await em.execute('update refresh_token set revoked_at = now() where user_id = ? and revoked_at is null', [userId])
  }

  /** Expired tokens can prove nothing any more, not even reuse. */
  async removeExpired (em: EntityManager, userId: number): Promise<void> {
    await em.execute('delete from refresh_token where user_id = ? and expires_at < now()', [userId])
  }
}
