import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Language } from '@travel-crm/contracts'
import type { InvoiceForDocument } from './invoice.js'
import type { DocumentAgency } from './pdf.js'

/** What a renderer's process is asked to render: plain data, copied to it. */
export interface RenderRequest { id: number, invoice: InvoiceForDocument, agency: DocumentAgency | undefined, language: Language }
export type RenderAnswer = { id: number, bytes: Uint8Array } | { id: number, error: string }

interface Waiting { resolve: (bytes: Buffer) => void, reject: (error: Error) => void }

/**
 * Idle this long, the process ends and its memory goes back. The next invoice starts another and waits for it
 * to load PDFKit, the fonts and the catalogs, as the first invoice of a process always did: about 0.5 s on a
 * slow 2-core VM, against 0.04–0.06 s for the next (it loads the contracts' values without their schemas,
 * `@travel-crm/contracts/plain`: the whole package took 0.3 s more).
 */
export const RENDERER_IDLE_MS = 30_000

/**
 * The service's own Node flags the renderer's process runs with too: its heap's limits and source maps. Not the
 * whole of `process.execArgv`, which can hold a script (`-e`: a renderer started from one would start it again,
 * and that one another renderer) or an inspector's port. Flags from NODE_OPTIONS reach it with the environment.
 */
const RENDERER_FLAG = /^--(max-[a-z-]+-size=\d+|enable-source-maps)$/

/**
 * Renders invoices in a child process that ends once idle. PDFKit, its fonts and the garbage of rendering take
 * 40–80 MB of a process that renders a run of invoices, and V8 gives a grown heap back slowly if at all. A
 * worker thread (the renderer's first form) gave most of it back when it ended, but not all: 300 invoices left
 * the process 24 MB larger for good (42 → 66 MB; the same with fewer malloc arenas), where a child process leaves
 * 8 (42 → 50: the IPC channel's machinery) and the service itself never grows while it renders (51 MB against 102
 * at the end of the 300; bench/README.md). The process starts with the first invoice asked for and stays while
 * invoices keep coming, so a month's zip pays its start once. Invoices are rendered one after another, in the
 * order asked. It runs with the service's own Node flags, and ends with the service: its IPC channel closes.
 */
export class DocumentRenderer {
  private child: ChildProcess | undefined
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1
  private idleTimer: NodeJS.Timeout | undefined

  constructor (private readonly idleMs = RENDERER_IDLE_MS) {}

  async invoicePdf (invoice: InvoiceForDocument, agency: DocumentAgency | undefined, language: Language): Promise<Buffer> {
    clearTimeout(this.idleTimer)
    const child = this.child ?? this.start()
    const id = this.nextId++
    return await new Promise<Buffer>((resolve, reject) => {
      // Sent first: an invoice that cannot be copied to the process fails here and leaves nothing waiting.
      child.send({ id, invoice, agency, language } satisfies RenderRequest)
      this.waiting.set(id, { resolve, reject })
    })
  }

  /** Whether a rendering process is running now: for tests and the curious. */
  get running (): boolean { return this.child !== undefined }

  /** The rendering process's id while one runs. */
  get pid (): number | undefined { return this.child?.pid }

  /** Ends the process at once; documents still being rendered fail. */
  async close (): Promise<void> {
    clearTimeout(this.idleTimer)
    const child = this.child
    this.child = undefined
    // Before the wait: a document asked for meanwhile goes to a new process and must not be failed with these.
    this.failAll(new Error('The document renderer was closed'))
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill()
      await exited
    }
  }

  private start (): ChildProcess {
    // Under tsx or vitest (`pnpm dev`, the tests) this file is TypeScript and so is the renderer's entry, which
    // the child then loads through tsx, reading the workspace's packages from their sources as the service does.
    const source = import.meta.url.endsWith('.ts')
    const child = fork(fileURLToPath(new URL(source ? './render-worker.ts' : './render-worker.js', import.meta.url)), {
      // The V8 serializer, not JSON: the PDF's bytes go back as bytes.
      serialization: 'advanced',
      execArgv: [...process.execArgv.filter((flag) => RENDERER_FLAG.test(flag)), ...source ? ['--conditions=development', '--import', 'tsx'] : []],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    // Neither the process nor its channel keeps the service running: the service's own server does.
    child.unref()
    child.channel?.unref()
    child.on('message', (answer: RenderAnswer) => {
      const waiting = this.waiting.get(answer.id)
      this.waiting.delete(answer.id)
      if ('bytes' in answer) waiting?.resolve(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength))
      else waiting?.reject(new Error(answer.error))
      if (this.waiting.size === 0) this.idleTimer = setTimeout(() => { void this.close() }, this.idleMs).unref()
    })
    // A process that fails or ends on its own takes the documents it held with it; the next one asked starts another.
    const ended = (error: Error) => {
      if (this.child !== child) return
      this.child = undefined
      this.failAll(error)
    }
    child.on('error', ended)
    child.on('exit', (code, signal) => { ended(new Error(`The document renderer's process ended (${signal ?? `exit code ${code}`})`)) })
    this.child = child
    return child
  }

  private failAll (error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error)
    this.waiting.clear()
  }
}
