import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Language } from '@travel-crm/contracts'
import type { InvoiceForDocument } from './invoice.js'
import type { DocumentAgency } from './pdf.js'

/** What a renderer's thread is asked to render: plain data, copied to it. */
export interface RenderRequest { id: number, invoice: InvoiceForDocument, agency: DocumentAgency | undefined, language: Language }
export type RenderAnswer = { id: number, bytes: Uint8Array } | { id: number, error: string }

interface Waiting { resolve: (bytes: Buffer) => void, reject: (error: Error) => void }

/**
 * Idle this long, the thread ends and most of its memory goes back. The next invoice starts another and waits
 * for it to load PDFKit, the fonts and the catalogs, as the first invoice of a process always did: about 0.5 s
 * on a slow 2-core VM, against 0.04–0.06 s for the next (the thread loads the contracts' values without their
 * schemas, `@travel-crm/contracts/plain`: the whole package took 0.3 s more).
 */
export const RENDERER_IDLE_MS = 30_000

/**
 * Renders invoices in a worker thread that ends once idle. PDFKit, its fonts and the garbage of rendering take
 * 40–80 MB of a process that renders a run of invoices, and V8 gives a grown heap back slowly if at all; in a
 * thread of its own most of it goes back when the thread ends. The thread starts with the first invoice asked
 * for and stays while invoices keep coming, so a month's zip pays its start once. Invoices are rendered one after
 * another, in the order asked.
 */
export class DocumentRenderer {
  private worker: Worker | undefined
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1
  private idleTimer: NodeJS.Timeout | undefined

  constructor (private readonly idleMs = RENDERER_IDLE_MS) {}

  async invoicePdf (invoice: InvoiceForDocument, agency: DocumentAgency | undefined, language: Language): Promise<Buffer> {
    clearTimeout(this.idleTimer)
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    return await new Promise<Buffer>((resolve, reject) => {
      // Posted first: an invoice that cannot be copied to the thread fails here and leaves nothing waiting.
      worker.postMessage({ id, invoice, agency, language } satisfies RenderRequest)
      this.waiting.set(id, { resolve, reject })
    })
  }

  /** Whether a thread is running now: for tests and the curious. */
  get running (): boolean { return this.worker !== undefined }

  /** Ends the thread at once; documents still being rendered fail. */
  async close (): Promise<void> {
    clearTimeout(this.idleTimer)
    const worker = this.worker
    this.worker = undefined
    // Before the wait: a document asked for meanwhile goes to a new thread and must not be failed with these.
    this.failAll(new Error('The document renderer was closed'))
    if (worker !== undefined) await worker.terminate()
  }

  private start (): Worker {
    const worker = import.meta.url.endsWith('.ts') ? sourceWorker() : new Worker(new URL('./render-worker.js', import.meta.url))
    worker.unref()
    worker.on('message', (answer: RenderAnswer) => {
      const waiting = this.waiting.get(answer.id)
      this.waiting.delete(answer.id)
      if ('bytes' in answer) waiting?.resolve(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength))
      else waiting?.reject(new Error(answer.error))
      if (this.waiting.size === 0) this.idleTimer = setTimeout(() => { void this.close() }, this.idleMs).unref()
    })
    // A thread that fails or ends on its own takes the documents it held with it; the next one asked starts another.
    const ended = (error: Error) => {
      if (this.worker !== worker) return
      this.worker = undefined
      this.failAll(error)
    }
    worker.on('error', ended)
    worker.on('exit', (code) => { ended(new Error(`The document renderer's thread ended (exit code ${code})`)) })
    this.worker = worker
    return worker
  }

  private failAll (error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error)
    this.waiting.clear()
  }
}

/**
 * Under tsx or vitest (`pnpm dev`, the tests) this file is TypeScript and so is the thread's, which a worker
 * cannot load by itself (`--import` does not reach worker threads): the thread registers tsx through its API
 * first, and reads the workspace's packages from their sources as the process does. Built, both are
 * JavaScript and none of this runs.
 */
function sourceWorker (): Worker {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve('tsx/package.json')
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> }
  const api = new URL(exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs', pathToFileURL(manifest)).href
  const entry = new URL('./render-worker.ts', import.meta.url).href
  return new Worker(`import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}) })`, {
    eval: true, execArgv: ['--conditions=development']
  })
}
