import { once } from 'node:events'
import { createRequire } from 'node:module'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { Archiver } from 'archiver'
import type { Language } from '@travel-crm/contracts'
import type { DocumentRenderer } from '@travel-crm/documents/renderer'
import { documentAgency, invoiceFileName, invoicesForDocuments } from './invoice-documents.js'
import { Invoice } from './entities/invoice.js'

// Loaded on the first archive, as the documents are: a zip writer is resident memory most processes never use.
const require = createRequire(import.meta.url)

/** Invoices read and rendered per round: enough to make the queries cheap, few enough to keep memory flat. */
const BATCH = 50

export interface InvoiceRange { from: string, to: string }

/** Invoices issued in the range, in order of issue, a batch at a time (keyset paging: no offset grows). */
async function * invoicesIssued (em: EntityManager, range: InvoiceRange): AsyncGenerator<Invoice[]> {
  let after: { issueDate: string, id: number } | undefined
  for (;;) {
    const batch = await em.fork().find(Invoice, {
      issueDate: { $gte: range.from, $lte: range.to },
      ...(after === undefined ? {} : { $or: [{ issueDate: { $gt: after.issueDate } }, { issueDate: after.issueDate, id: { $gt: after.id } }] })
    }, { orderBy: { issueDate: 'asc', id: 'asc' }, limit: BATCH })
    if (batch.length === 0) return
    yield batch
    const last = batch[batch.length - 1] as Invoice
    after = { issueDate: last.issueDate, id: last.id }
    if (batch.length < BATCH) return
  }
}

/**
 * Every invoice issued in the range as its PDF, in a zip streamed as it is written. Each PDF is rendered only
 * once the zip has taken the one before, and the zip only takes it as the client reads: memory holds one
 * batch of invoices and one PDF, whatever the count. The PDFs are stored, not deflated: they are compressed
 * already.
 */
export function invoiceArchive (em: EntityManager, renderer: DocumentRenderer, range: InvoiceRange, language: Language, today: string): Archiver {
  const archiver = require('archiver') as typeof import('archiver')
  const archive = archiver('zip', { store: true })
  let abandoned = false
  archive.on('close', () => { abandoned = true })
  void (async () => {
    const agency = await documentAgency(em.fork())
    const names = new Set<string>()
    for await (const invoices of invoicesIssued(em, range)) {
      for (const document of await invoicesForDocuments(em.fork(), invoices, today)) {
        if (abandoned) return
        const pdf = await renderer.invoicePdf(document, agency, language)
        // A client that goes away destroys the archive: its 'close' ends the wait that 'entry' would.
        const written = Promise.race([once(archive, 'entry'), once(archive, 'close')])
        archive.append(pdf, { name: uniqueName(names, invoiceFileName(document.number)), date: new Date(`${document.issue_date}T00:00:00Z`) })
        await written
      }
    }
    await archive.finalize()
  })().catch((error: unknown) => { archive.destroy(error as Error) })
  return archive
}

/** Two numbers that differ only in characters a file name cannot hold would otherwise overwrite each other. */
function uniqueName (names: Set<string>, name: string): string {
  let candidate = name
  for (let copy = 2; names.has(candidate); copy++) candidate = name.replace(/\.pdf$/, `-${copy}.pdf`)
  names.add(candidate)
  return candidate
}
