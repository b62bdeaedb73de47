/**
 * The process a `DocumentRenderer` renders in (renderer.ts): it loads PDFKit, the fonts and the catalogs, renders
 * the invoices it is asked for over its IPC channel and sends each one's bytes back. Nothing else holds it: once
 * the channel closes (the service ended it, or the service ended), Node ends it.
 */
import { invoiceDocument } from './invoice.js'
import { pdfBytes } from './pdf.js'
import type { RenderRequest, RenderAnswer } from './renderer.js'

const send = process.send?.bind(process)
if (send === undefined) throw new Error('render-worker.js runs as the child process of a DocumentRenderer')
process.on('message', (request: RenderRequest) => {
  void (async () => {
    let answer: RenderAnswer
    try {
      answer = { id: request.id, bytes: await pdfBytes(invoiceDocument(request.invoice, request.agency, request.language)) }
    } catch (error) {
      answer = { id: request.id, error: (error as Error).message }
    }
    send(answer)
  })()
})
