import { randomUUID } from 'node:crypto'
import { open, unlink, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sendCsvText } from './csv.js'
import { ExportSlots, refuse, unlessGone, type Admission, type ExportLimits } from './export-slots.js'
import { KeptByTag } from './kept-by-tag.js'
import { readModelTag } from './read-model-changes.js'
import type { ReportDatabase } from './report-database.js'

/** Exports kept for later askers, the oldest used forgotten first. */
const KEPT = 8
/** What a reader takes from the file at a time: a socket write's worth. */
const READ_SIZE = 64 * 1024

/**
 * One export's bytes, written once into a temporary file and read by everyone who asked for it, each at their
 * own pace, while it is still being written too. The file has no name from the moment it is made: nothing is
 * left on disk when the process ends, however it ends, and no other process can open it. The readers read it
 * at offsets of their own from the one descriptor, which is closed when the export is dropped (superseded or
 * forgotten) and the last reader is done.
 */
export class ExportFile {
  private written = 0
  private finished = false
  private failure: { error: unknown } | undefined
  private wakers: Array<() => void> = []
  private readers = 0
  private dropped = false
  private closed = false

  private constructor (private readonly file: FileHandle) {}

  static async create (): Promise<ExportFile> {
    const path = join(tmpdir(), `travel-crm-export-${randomUUID()}`)
    const file = await open(path, 'wx+', 0o600)
    try {
      await unlink(path)
    } catch (error) {
      await file.close()
      throw error
    }
    return new ExportFile(file)
  }

  /** Writes the chunks in order as they come; readers waiting for more are woken after each. */
  async fill (chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): Promise<void> {
    try {
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        // A short write is continued by the loop: the handle's write may take fewer bytes than asked.
        for (let done = 0; done < bytes.length;) {
          const { bytesWritten } = await this.file.write(bytes, done, bytes.length - done, this.written)
          done += bytesWritten
          this.written += bytesWritten
        }
        this.wake()
      }
      this.finished = true
    } catch (error) {
      this.failure = { error }
      throw error
    } finally {
      this.wake()
      await this.closeIfUnused()
    }
  }

  /** The bytes from the start: what is written already at once, the rest as it comes, until the end or a failure. */
  async * read (): AsyncGenerator<Buffer> {
    this.readers += 1
    try {
      let at = 0
      for (;;) {
        if (this.failure !== undefined) throw this.failure.error
        if (at < this.written) {
          const buffer = Buffer.allocUnsafe(Math.min(READ_SIZE, this.written - at))
          const { bytesRead } = await this.file.read(buffer, 0, buffer.length, at)
          if (bytesRead === 0) throw new Error(`an export file ended at ${at} of its ${this.written} bytes`)
          at += bytesRead
          yield buffer.subarray(0, bytesRead)
        } else if (this.finished) {
          return
        } else {
          await new Promise<void>((resolve) => { this.wakers.push(resolve) })
        }
      }
    } finally {
      this.readers -= 1
      await this.closeIfUnused()
    }
  }

  /** No new reader will come: the file goes once it is written (or failed) and its readers are done. */
  async drop (): Promise<void> {
    this.dropped = true
    await this.closeIfUnused()
  }

  private wake (): void {
    const wakers = this.wakers
    this.wakers = []
    for (const wake of wakers) wake()
  }

  private async closeIfUnused (): Promise<void> {
    if (this.closed || !this.dropped || this.readers > 0 || (!this.finished && this.failure === undefined)) return
    this.closed = true
    await this.file.close()
  }
}

/** What a request for a shared export waits for: the file being written, or why it is not. */
type Made = ExportFile | Exclude<Admission, 'taken'>

/** An export at one change count: made once, for the first asker and everyone who joins while it holds. */
class SharedExport {
  private askers = 0
  private readonly abandoned = new AbortController()
  readonly made: Promise<Made>

  constructor (take: (gone: AbortSignal) => Promise<Made>) {
    this.made = take(this.abandoned.signal)
  }

  /** The file for one more asker; if every asker leaves while the export waits for its stream, it stops waiting. */
  async join (reply: FastifyReply): Promise<Made> {
    this.askers += 1
    return await unlessGone(reply, () => {
      this.askers -= 1
      if (this.askers === 0) this.abandoned.abort()
    }, this.made)
  }

  async drop (): Promise<void> {
    const made = await this.made.catch(() => undefined)
    if (made instanceof ExportFile) await made.drop()
  }
}

/** The database and day the exports are read on. */
interface ExportSource {
  db: ReportDatabase
  today: () => string
}

/**
 * How every export is sent, within the process's streams (`ExportSlots`).
 *
 * A CSV of the read models is the same for everyone who asks while the read models stand still (the change
 * count that the JSON reports' ETags use, and the day). So it is written once into a file and every asker at
 * the same count reads that file: ten integrators pulling the same export at once cost one query instead of
 * ten, queued behind each other. The stream is given back as soon as the file is written, so a client that
 * downloads slowly, or not at all, holds no database connection, and the file serves later askers too until
 * the count moves. Any change makes a new file: an erasure, for one, is never served from a file made before it.
 *
 * Everything else (a PDF, the audit trail, whose entries do not all move the count) is made for its request,
 * holding its stream while it is sent.
 */
export class Exports {
  // One replaced or forgotten for age is dropped: its file closes once its readers are done.
  private readonly kept = new KeptByTag<SharedExport>(KEPT, (shared) => { void shared.drop() })
  readonly slots: ExportSlots

  constructor (private readonly source: ExportSource, limits: ExportLimits) {
    this.slots = new ExportSlots(limits)
  }

  /**
   * Sends the CSV for the request's URL at the current change count: the file of an earlier asker at the same
   * count (complete or still being written), or a new one from `make` once a stream is free. The URL says all a
   * CSV depends on: its `?lang=` too (without one, its columns keep their names whatever the request accepts).
   */
  async shared (request: FastifyRequest, reply: FastifyReply, filename: string, make: () => AsyncIterable<string | Uint8Array>): Promise<FastifyReply> {
    const { tag } = await readModelTag(this.source)
    const made = await this.exportAt(request.url, tag, userOf(request), make).join(reply)
    if (!(made instanceof ExportFile)) return refuse(request, reply, this.slots, made)
    return sendCsvText(reply, filename, Readable.from(headersFirst(made.read())))
  }

  /** Sends an export made for this request alone, holding a stream until its response has closed. */
  async own (request: FastifyRequest, reply: FastifyReply, send: () => FastifyReply | Promise<FastifyReply>): Promise<FastifyReply> {
    const userId = userOf(request)
    const left = new AbortController()
    const admission = await unlessGone(reply, () => { left.abort() }, this.slots.take(userId, left.signal))
    if (admission !== 'taken') return refuse(request, reply, this.slots, admission)
    // 'close' comes once per response: after the last byte, or when the client goes away.
    reply.raw.once('close', () => { this.slots.release(userId) })
    return await send()
  }

  /** Drops every kept file (the service is closing). */
  async close (): Promise<void> {
    await Promise.all(this.kept.clear().map(async (shared) => { await shared.drop() }))
  }

  private exportAt (key: string, tag: string, userId: number, make: () => AsyncIterable<string | Uint8Array>): SharedExport {
    return this.kept.at(key, tag, () => {
      // The read counts against the share of the user who asked first; those who join it wait with them.
      const shared: SharedExport = new SharedExport(async (gone) => {
        const forget = () => { this.kept.forget(key, shared) }
        const admission = await this.slots.take(userId, gone)
        if (admission !== 'taken') {
          forget()
          return admission
        }
        let file: ExportFile
        try {
          file = await ExportFile.create()
        } catch (error) {
          this.slots.release(userId)
          forget()
          throw error
        }
        // Its readers learn of a failure from the file; the next asker makes a new one, and this one is dropped
        // (closed once its readers have let go) as a superseded one would be.
        void file.fill(make())
          .catch(async () => {
            forget()
            await file.drop()
          })
          .finally(() => { this.slots.release(userId) })
        return file
      })
      return shared
    })
  }
}

/**
 * An empty chunk first: writing it sends the status and headers at once, so the client (and the gateway, which
 * gives up on headers after `UPSTREAM_TIMEOUT_MS`) knows the export was admitted while its first rows are read.
 */
async function * headersFirst (chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield Buffer.alloc(0)
  yield* chunks
}

/** Every export route needs a token, so there is an actor; 0 only keeps the types honest. */
function userOf (request: FastifyRequest): number {
  return request.actor?.id ?? 0
}
