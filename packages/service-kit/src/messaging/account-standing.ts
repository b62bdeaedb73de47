import { DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream'
import type { FastifyBaseLogger as Logger } from 'fastify'
import { isRole, type Role } from '@travel-crm/contracts'
import { connectNats, type Bus } from './nats.js'
import { Problems } from '../http/problem.js'
import type { Actor } from '../http/tokens.js'

/** What a process needs to know of an account to honour or refuse a token issued to it. */
interface Standing {
  role: Role
  disabled: boolean
  deleted: boolean
  sessionGeneration: number
  version: number
}

export type StandingsBus = Pick<Bus, 'js' | 'jsm' | 'stream' | 'subject' | 'catalogueSubject'>

/**
 * Each process's replica of who may still use the tokens they hold: per user the role, the state and the
 * session generation, from auth's `auth.user.*` events. The stream keeps every event, so the replica is built
 * at start by replaying them (an ordered consumer: in memory, no acks, nothing left behind on the server) and
 * then follows new ones as they are published, a few milliseconds after auth commits the change.
 *
 * Until the replay has reached the end, every token is refused with a 503: a process that does not know whom
 * auth has cut off must not guess. A user the stream has never mentioned cannot have been disabled, demoted or
 * revoked (each of those is an event about the user), so such a token is judged by its signature alone.
 * Once built, the replica keeps answering through a NATS outage: auth cannot publish then either, so what
 * it says is still the latest news; it catches up (from where it stopped) when the broker is back.
 */
export class AccountStandings {
  private readonly accounts = new Map<number, Standing>()
  private built = false
  private stopped = false
  private messages: ConsumerMessages | undefined
  private loop: Promise<void> | undefined
  private readonly builtWaiters: Array<() => void> = []

  constructor (private readonly bus: StandingsBus, private readonly logger: Logger, private readonly retryMs = 250) {}

  start (): void {
    this.loop ??= this.run()
  }

  async stop (): Promise<void> {
    this.stopped = true
    void this.messages?.close().catch(() => undefined)
    await this.loop
  }

  get isBuilt (): boolean {
    return this.built
  }

  /**
   * Waits until every event that existed at start has been applied, at most `timeoutMs`: a process starts
   * serving either way, refusing tokens until the replica is built, so a broker outage at start cannot hang it.
   */
  async whenBuilt (timeoutMs: number): Promise<boolean> {
    if (this.built) return true
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      new Promise<void>((resolve) => { this.builtWaiters.push(resolve) }),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs) })
    ])
    clearTimeout(timer)
    return this.built
  }

  /** For `/readyz`: a process is not ready to take requests before it can judge their tokens. */
  readonly readiness = async (): Promise<void> => {
    if (!this.built) throw new Error('the account replica is still being built from auth\'s events')
  }

  /** The token verifier's `standing` check; throws a 401 for a token whose account has moved on, a 503 before the replica is built. */
  readonly confirm = (actor: Actor): void => {
    if (!this.built) throw new Problems.unavailable('This service is still learning which sessions are valid; try again in a moment')
    const standing = this.accounts.get(actor.id)
    if (standing === undefined) return
    if (standing.deleted || standing.disabled) throw new Problems.unauthenticated('This account is disabled or no longer exists')
    const generation = actor.sessionGeneration ?? 0
    if (generation < standing.sessionGeneration) throw new Problems.unauthenticated('This session has ended (logged out, password or role changed, or revoked); sign in again')
    // Every role change ends the sessions, so a token of the current generation carries the current role; a
    // newer token than the replica knows of (issued a moment after a change still on its way) is its own proof.
    if (generation === standing.sessionGeneration && actor.role !== standing.role) {
      throw new Problems.unauthenticated('The account\'s role has changed; sign in again')
    }
  }

  private async run (): Promise<void> {
    let failures = 0
    while (!this.stopped) {
      try {
        await this.follow()
      } catch (error) {
        // Every twentieth failure in a row is logged: a missing stream at start is normal for a moment.
        if (!this.stopped && failures++ % 20 === 0) this.logger.warn({ err: error, failures }, 'account replica: cannot read auth events; retrying')
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, this.retryMs))
    }
  }

  private async follow (): Promise<void> {
    const filter = this.bus.subject('auth.user.>')
    const info = await this.bus.jsm.streams.info(this.bus.stream, { subjects_filter: filter })
    const existing = Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0)
    const consumer = await this.bus.js.consumers.get(this.bus.stream, { filter_subjects: filter, deliver_policy: DeliverPolicy.All })
    const messages = await consumer.consume()
    this.messages = messages
    // Stopped while the consumer was being made. (`close()` settles only once the messages are read to the
    // end, so it is not awaited where nobody reads them.)
    if (this.stopped) {
      void messages.close().catch(() => undefined)
      return
    }
    if (existing === 0) this.markBuilt()
    for await (const message of messages) {
      this.apply(message)
      if (message.info.pending === 0) this.markBuilt()
    }
  }

  private markBuilt (): void {
    if (this.built) return
    this.built = true
    this.logger.info({ accounts: this.accounts.size }, 'account replica built')
    for (const resolve of this.builtWaiters.splice(0)) resolve()
  }

  private apply (message: JsMsg): void {
    let data: Record<string, unknown> | undefined
    try {
      data = message.json<{ data?: Record<string, unknown> }>().data
    } catch {
      data = undefined
    }
    const id = data?.['id']
    const version = data?.['version']
    const role = data?.['role']
    const generation = data?.['session_generation'] ?? 0
    if (typeof id !== 'number' || typeof version !== 'number' || !isRole(role) || typeof generation !== 'number' || typeof data?.['disabled'] !== 'boolean') {
      this.logger.warn({ subject: message.subject, seq: message.seq }, 'account replica: ignored an auth event it cannot read')
      return
    }
    const held = this.accounts.get(id)
    if (held !== undefined && held.version >= version) return
    this.accounts.set(id, {
      role,
      disabled: data['disabled'],
      deleted: this.bus.catalogueSubject(message.subject) === 'auth.user.deleted',
      sessionGeneration: generation,
      version
    })
  }
}

export interface StandingsConnectionOptions {
  url: string
  stream: string
  subjectPrefix: string
  name: string
  logger: Logger
  /** How long to wait for the replica at start before serving (and refusing tokens) without it. */
  buildTimeoutMs?: number
  /** NATS user credentials, when the server asks for them. */
  user?: string | undefined
  pass?: string | undefined
}

/**
 * For a process that has no bus of its own (the gateway): a NATS connection that only reads auth's events.
 * It neither creates nor changes the stream; until auth or another service has made it, the replica retries.
 */
export async function connectAccountStandings (options: StandingsConnectionOptions): Promise<{ standings: AccountStandings, close: () => Promise<void> }> {
  const nc = await connectNats(options)
  const prefix = options.subjectPrefix
  const standings = new AccountStandings({
    js: jetstream(nc, { timeout: 5000 }),
    jsm: await jetstreamManager(nc, { timeout: 5000 }),
    stream: options.stream,
    subject: (name) => `${prefix}${name}`,
    catalogueSubject: (wire) => wire.startsWith(prefix) ? wire.slice(prefix.length) : wire
  }, options.logger)
  standings.start()
  if (options.buildTimeoutMs !== 0) await standings.whenBuilt(options.buildTimeoutMs ?? 10_000)
  return {
    standings,
    close: async () => {
      await standings.stop()
      if (!nc.isClosed()) await nc.drain().catch(async () => await nc.close())
    }
  }
}
