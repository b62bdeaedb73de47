import type pg from 'pg'

/** A connection taken from a pool and kept across awaits that are not its own queries. */
export interface HeldConnection {
  readonly client: pg.PoolClient
  /** The error that ended the connection while it was held (Postgres restarted, the backend was terminated). */
  readonly lost: Error | undefined
  /** Gives the connection back, or closes it when it broke or `broken` says it may be unusable. */
  release: (broken?: boolean) => void
}

/**
 * Takes a connection from the pool with a listener for the error a dropped connection emits. pg-pool listens for
 * it only while a connection is idle: one that was checked out when Postgres went away emits 'error' with nobody
 * listening, and that ends the whole process instead of failing one piece of work.
 */
export async function holdConnection (pool: pg.Pool): Promise<HeldConnection> {
  const client = await pool.connect()
  let lost: Error | undefined
  const onError = (error: Error): void => { lost ??= error }
  client.on('error', onError)
  let released = false
  return {
    client,
    get lost () { return lost },
    release: (broken = false) => {
      if (released) return
      released = true
      client.removeListener('error', onError)
      client.release(lost ?? broken)
    }
  }
}
