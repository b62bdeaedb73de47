import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import type { CloudEvent } from '@travel-crm/contracts'
import { addToOutbox, buildEnvelope, type EventDraft, type EventOrigin, type OutboxRelay, type Statement } from './outbox.js'

/** Collects the events a unit of work causes; they are written to the outbox in its transaction. */
export interface EventSink {
  /** `origin` overrides the unit's own: a batch of consumed events keeps each event's origin. */
  emit: (draft: EventDraft, origin?: EventOrigin) => Promise<void>
}

/**
 * Rewrites each envelope of a unit of work as it is emitted, in its transaction (made once per unit, so that it
 * may remember what it looked up): at that moment the records the event names are still there to be read.
 */
export type EnvelopeSealer = (em: EntityManager) => (envelope: CloudEvent) => Promise<CloudEvent>

export interface UnitOfWorkOptions<T> {
  /**
   * The last write of the unit, made from what the work returned (a POST's answer kept under its key), sent in
   * the statement that writes the outbox rows rather than in a round trip of its own.
   */
  lastWrite?: (value: T) => Statement | undefined
}

export type UnitOfWork = <T>(origin: EventOrigin, work: (em: EntityManager, events: EventSink) => Promise<T>, options?: UnitOfWorkOptions<T>) => Promise<T>

/** A write made when its unit of work ends, from what the work gathered by then; undefined: nothing to write. */
export type FinalWrite = () => Statement | undefined

/** The final writes of each open unit of work, by its transaction's entity manager. */
const finalWrites = new WeakMap<EntityManager, FinalWrite[]>()

/**
 * Sends a write in the statement that ends the unit of work `em` belongs to (with its outbox rows, just before
 * the commit) rather than in a round trip of its own: for a write that nothing later in the transaction reads.
 * `write` is called then, so that one statement may carry what several steps of the work gathered. The final
 * writes go in the order they were given; they must not touch a row another of them touches (outbox.ts).
 */
export function beforeCommit (em: EntityManager, write: FinalWrite): void {
  const writes = finalWrites.get(em)
  // Outside a unit of work nothing would send it: refused rather than lost.
  if (writes === undefined) throw new Error('beforeCommit needs the entity manager of a unit of work\'s transaction')
  writes.push(write)
}

/**
 * Opens `em` to final writes (`beforeCommit`) and returns what closes it: the writes' statements, in the order
 * they were given. A unit of work does this for its transaction; code that runs handlers on an entity manager of
 * its own (the bench's bulk load of history) does it too, and sends what it gets its own way.
 */
export function gatherFinalWrites (em: EntityManager): () => Statement[] {
  const writes: FinalWrite[] = []
  finalWrites.set(em, writes)
  return () => {
    finalWrites.delete(em)
    return writes.map((write) => write()).filter((statement): statement is Statement => statement !== undefined)
  }
}

/**
 * One transaction for a change and the events that describe it. The events are written to the outbox together
 * when the work is done, one statement for all of them and the unit's final writes (`beforeCommit`, then
 * `lastWrite`), just before the commit. Once it commits, the relay of this process is woken so the events leave
 * now rather than at its next poll (other replicas' relays by the notification the statement sends).
 */
export function unitOfWork (orm: MikroORM, source: string, relay: OutboxRelay, seal?: EnvelopeSealer): UnitOfWork {
  return async (origin, work, options) => {
    // The fork's own transaction (begin, then commit, which flushes first) rather than `em.transactional`: that
    // forks the fork again with a copy of its event manager, runs the work in an AsyncLocalStorage context and
    // merges the second fork's entities back into the first, which is thrown away here. An empty unit cost
    // 317 µs of CPU that way against 240 this way (bench/README.md). A transaction inside the work
    // (`em.transactional` on `em`) is a savepoint in this one, as before.
    const em = orm.em.fork()
    await em.begin()
    const envelopes: CloudEvent[] = []
    let value: Awaited<ReturnType<typeof work>>
    try {
      const closeFinalWrites = gatherFinalWrites(em)
      const sealed = seal?.(em)
      const events: EventSink = {
        emit: async (draft, override) => {
          const envelope = buildEnvelope(source, draft, override ?? origin)
          envelopes.push(sealed === undefined ? envelope : await sealed(envelope))
        }
      }
      value = await work(em, events)
      const last = options?.lastWrite?.(value)
      const statements = [...closeFinalWrites(), ...last === undefined ? [] : [last]]
      await addToOutbox(em, envelopes, relay.notifier, statements)
      await em.commit()
    } catch (error) {
      // The work's own error is the one to report; a rollback on a connection already gone fails as well.
      if (em.isInTransaction()) await em.rollback().catch(() => undefined)
      throw error
    }
    if (envelopes.length > 0) relay.wake()
    return value
  }
}

/**
 * A value of its own for each transaction, made by the first call with that transaction's entity manager: what
 * the work of one transaction gathers (keys it made or read) without passing it through every call.
 */
export function perTransaction<T> (make: (em: EntityManager) => T): (em: EntityManager) => T {
  const made = new WeakMap<EntityManager, T>()
  return (em) => {
    let value = made.get(em)
    if (value === undefined) made.set(em, value = make(em))
    return value
  }
}

/**
 * `compute` made once per transaction: the first call with a transaction's entity manager runs it, later calls
 * in the same transaction get its promise. For work that a batch of events applied together needs only once
 * (a count raised, a list read), where once per event cost a statement each.
 */
export function oncePerTransaction<T> (compute: (em: EntityManager) => Promise<T>): (em: EntityManager) => Promise<T> {
  const once = perTransaction(compute)
  return async (em) => await once(em)
}
