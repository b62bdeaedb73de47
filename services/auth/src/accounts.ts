import { UniqueConstraintViolationException, type EntityManager, type MikroORM } from '@mikro-orm/postgresql'
import { isRole, type Role, type RegisterBody, type UserPatch } from '@travel-crm/contracts'
import { createdBy, deletionOf, findPage, markChanged, type Page, type SortBy } from '@travel-crm/service-kit/data'
import type { Change, EventOrigin, EventSink, UnitOfWork } from '@travel-crm/service-kit/messaging'
import { UserSchema, userPayload, type User } from './entities/user.js'
import { checkPasswordRules, hashPassword } from './passwords.js'
import { AuthProblems } from './problems.js'
import type { Sessions } from './sessions.js'

/**
 * User changes run one at a time (a transaction-scoped advisory lock): "is this the first user?" and "is
 * this the last active admin?" must not be answered by two requests at once. Such changes are rare.
 */
async function lockAccounts (em: EntityManager): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtext(\'auth:accounts\'))')
}

async function activeAdminCount (em: EntityManager): Promise<number> {
  return await em.count(UserSchema, { role: 'admin', disabled: false })
}

export async function findUserByName (em: EntityManager, username: string): Promise<User | null> {
  const [row] = await em.execute<Array<{ id: number }>>('select id from users where lower(username) = lower(?)', [username])
  return row === undefined ? null : await em.findOne(UserSchema, { id: row.id })
}

export interface Registration { user: User, firstUser: boolean }

/** Registering, changing and removing accounts, with the rules that keep the agency administrable. */
export class Accounts {
  constructor (private readonly orm: MikroORM, private readonly transact: UnitOfWork, private readonly sessions: Sessions) {}

  async anyUserExists (): Promise<boolean> {
    return await this.orm.em.fork().count(UserSchema, {}) > 0
  }

  /**
   * The first account is an admin whatever was asked; after that only an admin registers users. `actorId` is
   * null for the anonymous first registration.
   */
  async register (origin: EventOrigin, actorId: number | null, body: RegisterBody): Promise<Registration> {
    checkPasswordRules(body.username, body.password)
    const requestedRole: Role = body.role !== undefined && isRole(body.role) ? body.role : 'agent'
    const passwordHash = await hashPassword(body.password)
    return await this.insertUnique(body.username, async () => await this.transact(origin, async (em, events) => {
      await lockAccounts(em)
      const firstUser = await em.count(UserSchema, {}) === 0
      if (!firstUser && actorId === null) throw new AuthProblems.registrationNeedsAdmin()
      const user = await this.create(em, events, { username: body.username, passwordHash, role: firstUser ? 'admin' : requestedRole }, actorId)
      return { user, firstUser }
    }))
  }

  /**
   * `BOOTSTRAP_ADMIN_*`: makes sure that admin exists; an existing account of that name is left as it is. The
   * password is held to the rules when it makes the account: once the account exists the setting is not its
   * password (a restart must not reset one changed since), so a start checks nothing and loads no breach list.
   */
  async ensureAdmin (username: string, password: string): Promise<User | undefined> {
    if (await findUserByName(this.orm.em.fork(), username) !== null) return undefined
    checkPasswordRules(username, password)
    const passwordHash = await hashPassword(password)
    return await this.transact({ requestId: 'bootstrap-admin' }, async (em, events) => {
      await lockAccounts(em)
      if (await findUserByName(em, username) !== null) return undefined
      return await this.create(em, events, { username, passwordHash, role: 'admin' }, null)
    })
  }

  async update (change: Change, id: number, patch: UserPatch): Promise<User> {
    const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password)
    return await this.transact(change.origin, async (em, events) => {
      await lockAccounts(em)
      const user = await this.existing(em, id)
      change.precondition(`User ${id}`, user.version)
      const role = patch.role !== undefined && isRole(patch.role) ? patch.role : user.role
      const disabled = patch.disabled ?? user.disabled
      if (user.role === 'admin' && !user.disabled && (role !== 'admin' || disabled)) await this.keepAnAdmin(em, user)
      if (patch.password !== undefined) checkPasswordRules(user.username, patch.password)
      // A new password, role or state ends the user's sessions: refresh tokens here, access tokens everywhere
      // through the generation that the event below carries to every process.
      const endsSessions = passwordHash !== undefined || role !== user.role || disabled !== user.disabled
      if (endsSessions) await this.sessions.revokeAllOf(em, user.id)
      em.assign(user, {
        role,
        disabled,
        ...(passwordHash !== undefined ? { passwordHash } : {}),
        ...(endsSessions ? { sessionGeneration: user.sessionGeneration + 1 } : {})
      })
      markChanged(user, change.actorId, change.now)
      await em.flush()
      await events.emit({ subject: 'auth.user.updated', about: `user/${user.id}`, data: userPayload(user) })
      return user
    })
  }

  /**
   * Logout everywhere (the user) or revoke (an admin): every refresh token of the user is revoked and every
   * access token issued so far stops working wherever it is presented, within a second of the event.
   */
  async endSessions (change: Change, id: number): Promise<User> {
    return await this.transact(change.origin, async (em, events) => {
      const user = await this.existing(em, id)
      await this.sessions.revokeAllOf(em, user.id)
      em.assign(user, { sessionGeneration: user.sessionGeneration + 1 })
      markChanged(user, change.actorId, change.now)
      await em.flush()
      await events.emit({ subject: 'auth.user.updated', about: `user/${user.id}`, data: userPayload(user) })
      return user
    })
  }

  async remove (change: Change, id: number): Promise<void> {
    await this.transact(change.origin, async (em, events) => {
      await lockAccounts(em)
      const user = await this.existing(em, id)
      change.precondition(`User ${id}`, user.version)
      if (user.role === 'admin' && !user.disabled) await this.keepAnAdmin(em, user)
      const last = userPayload(deletionOf(user, change.actorId, change.now))
      // Its refresh tokens go with it (on delete cascade): a deleted user cannot refresh.
      em.remove(user)
      await em.flush()
      await events.emit({ subject: 'auth.user.deleted', about: `user/${user.id}`, data: last })
    })
  }

  async list (limit: number, offset: number, sort?: SortBy): Promise<Page<User>> {
    return await findPage(this.orm.em.fork(), UserSchema, { where: () => ({}), order: 'asc', sort, limit, offset })
  }

  /**
   * The account behind a token as it is now: it may have been disabled, deleted or given another role, or its
   * sessions ended after the token was issued (`generation`, the token's `sgen`).
   */
  async current (id: number, generation: number): Promise<User | null> {
    const user = await this.orm.em.fork().findOne(UserSchema, { id })
    return user === null || user.disabled || generation < user.sessionGeneration ? null : user
  }

  private async create (em: EntityManager, events: EventSink, fields: { username: string, passwordHash: string, role: Role }, actorId: number | null): Promise<User> {
    const user = em.create(UserSchema, { ...fields, disabled: false, sessionGeneration: 0, ...createdBy(actorId) })
    await em.flush()
    await events.emit({ subject: 'auth.user.registered', about: `user/${user.id}`, data: userPayload(user) })
    return user
  }

  private async existing (em: EntityManager, id: number): Promise<User> {
    const user = await em.findOne(UserSchema, { id })
    if (user === null) throw new AuthProblems.userNotFound(String(id))
    return user
  }

  private async keepAnAdmin (em: EntityManager, user: User): Promise<void> {
    if (await activeAdminCount(em) <= 1) throw new AuthProblems.lastAdmin(String(user.id))
  }

  private async insertUnique<T> (username: string, insert: () => Promise<T>): Promise<T> {
    try {
      return await insert()
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new AuthProblems.usernameTaken(username)
      throw error
    }
  }
}
