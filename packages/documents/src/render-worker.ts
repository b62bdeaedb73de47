/**
 * The thread a `DocumentRenderer` renders in (renderer.ts): it loads PDFKit, the fonts and the catalogs, renders
 * the invoices it is asked for and hands each one's bytes back without a copy.
 */
import { parentPort } from 'node:worker_threads'
import { invoiceDocument } from './invoice.js'
import { pdfBytes } from './pdf.js'
import type { RenderRequest, RenderAnswer } from './renderer.js'

const port = parentPort
if (port === null) throw new Error('render-worker.js runs as a worker thread of a DocumentRenderer')
port.on('message', (request: RenderRequest) => {
  void (async () => {
    let answer: RenderAnswer
    try {
      const bytes = await pdfBytes(invoiceDocument(request.invoice, request.agency, request.language))
      answer = { id: request.id, bytes }
    } catch (error) {
      answer = { id: request.id, error: (error as Error).message }
    }
    port.postMessage(answer, 'bytes' in answer ? [answer.bytes.buffer as ArrayBuffer] : [])
  })()
})
