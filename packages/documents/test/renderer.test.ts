import { afterEach, describe, expect, it } from 'vitest'
import { pdfText } from '@travel-crm/testkit'
import { invoiceDocument, pdfBytes, type InvoiceForDocument } from '../src/index.js'
import { DocumentRenderer } from '../src/renderer.js'
import { SAMPLE_INVOICE } from './sample-invoice.js'

describe('document renderer (a worker thread that ends when idle)', () => {
  const renderers: DocumentRenderer[] = []
  const aRenderer = (idleMs?: number) => {
    const renderer = new DocumentRenderer(idleMs)
    renderers.push(renderer)
    return renderer
  }
  afterEach(async () => { for (const renderer of renderers.splice(0)) await renderer.close() })

  it('renders invoices in its thread, each answer its own invoice, with the text the process prints', async () => {
    const renderer = aRenderer()
    const numbers = ['2027-000123', '2027-000124', '2027-000125']
    const pdfs = await Promise.all(numbers.map(async (number) => await renderer.invoicePdf({ ...SAMPLE_INVOICE, number }, undefined, 'sv')))
    expect(renderer.running).toBe(true)
    for (const [index, pdf] of pdfs.entries()) {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const text = await pdfText(pdf)
      expect(text).toContain(numbers[index])
      expect(text).toContain('Małgorzata Dvořáková')
      expect(text).toContain('Θεσσαλονίκη')
    }
    const inProcess = await pdfText(await pdfBytes(invoiceDocument({ ...SAMPLE_INVOICE, number: numbers[0] as string }, undefined, 'sv')))
    expect(await pdfText(pdfs[0] as Buffer)).toBe(inProcess)
  })

  it('ends its thread once idle and starts another for the next invoice', async () => {
    const renderer = aRenderer(200)
    await renderer.invoicePdf(SAMPLE_INVOICE, undefined, 'en')
    expect(renderer.running).toBe(true)
    await expect.poll(() => renderer.running, { timeout: 5_000 }).toBe(false)
    expect(await pdfText(await renderer.invoicePdf(SAMPLE_INVOICE, undefined, 'en'))).toContain('2027-000123')
    expect(renderer.running).toBe(true)
  })

  it('fails only the invoice that cannot be rendered, and the ones waiting when it is closed', async () => {
    const renderer = aRenderer()
    const broken = { ...SAMPLE_INVOICE, payments: null } as unknown as InvoiceForDocument
    await expect(renderer.invoicePdf(broken, undefined, 'en')).rejects.toThrow()
    expect(await pdfText(await renderer.invoicePdf(SAMPLE_INVOICE, undefined, 'en'))).toContain('2027-000123')
    const waiting = expect(renderer.invoicePdf(SAMPLE_INVOICE, undefined, 'en')).rejects.toThrow('closed')
    await renderer.close()
    await waiting
    expect(renderer.running).toBe(false)
  })
})
