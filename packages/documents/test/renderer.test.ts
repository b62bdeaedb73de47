import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { pdfText } from '@travel-crm/testkit'
import { invoiceDocument, pdfBytes, type InvoiceForDocument } from '../src/index.js'
import { DocumentRenderer } from '../src/renderer.js'
import { SAMPLE_INVOICE } from './sample-invoice.js'

describe('document renderer (a child process that ends when idle)', () => {
  const renderers: DocumentRenderer[] = []
  const aRenderer = (idleMs?: number) => {
    const renderer = new DocumentRenderer(idleMs)
    renderers.push(renderer)
    return renderer
  }
  const services: ChildProcess[] = []
  afterEach(async () => {
    for (const renderer of renderers.splice(0)) await renderer.close()
    for (const service of services.splice(0)) service.kill('SIGKILL')
  })

  it('renders invoices in a process of its own, each answer its own invoice, with the text this process prints', async () => {
    const renderer = aRenderer()
    const numbers = ['2027-000123', '2027-000124', '2027-000125']
    const pdfs = await Promise.all(numbers.map(async (number) => await renderer.invoicePdf({ ...SAMPLE_INVOICE, number }, undefined, 'sv')))
    expect(renderer.running).toBe(true)
    expect(renderer.pid).not.toBe(process.pid)
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

  it('ends its process once idle and starts another for the next invoice', async () => {
    const renderer = aRenderer(200)
    await renderer.invoicePdf(SAMPLE_INVOICE, undefined, 'en')
    const first = renderer.pid as number
    expect(renderer.running).toBe(true)
    await expect.poll(() => renderer.running, { timeout: 5_000 }).toBe(false)
    await expect.poll(() => alive(first), { timeout: 5_000 }).toBe(false)
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

  it('ends when the process that started it is killed, leaving no renderer behind', async () => {
    // A service killed outright (SIGKILL, the OOM killer) runs no code of its own: the renderer must notice.
    const service = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', '--input-type=module', '-e', `
      import { DocumentRenderer } from ${JSON.stringify(new URL('../src/renderer.ts', import.meta.url).href)}
      import { SAMPLE_INVOICE } from ${JSON.stringify(new URL('./sample-invoice.ts', import.meta.url).href)}
      // Kept running by a timer, as a service is by its server: the renderer keeps no process running.
      setInterval(() => {}, 1000)
      const renderer = new DocumentRenderer()
      await renderer.invoicePdf(SAMPLE_INVOICE, undefined, 'en')
      console.log(renderer.pid)`], { stdio: ['ignore', 'pipe', 'inherit'] })
    services.push(service)
    const [line] = await once(createInterface({ input: service.stdout }), 'line') as [string]
    const rendererPid = Number(line)
    expect(alive(rendererPid)).toBe(true)
    service.kill('SIGKILL')
    await expect.poll(() => alive(rendererPid), { timeout: 10_000 }).toBe(false)
  })
})

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
