import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { ClientStatement } from '@travel-crm/contracts'
import { pdfText } from '@travel-crm/testkit'
import { invoiceDocument, pdfBytes, statementDocument, type DocumentAgency } from '../src/index.js'
import { SAMPLE_INVOICE } from './sample-invoice.js'

const run = promisify(execFile)
/** The README shows these: rendered here, so they always show what the code prints. */
const SAMPLES = fileURLToPath(new URL('../../../docs/samples/', import.meta.url))

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="180" height="48" viewBox="0 0 180 48">
  <rect width="180" height="48" rx="8" fill="#1c4e80"/><circle cx="26" cy="24" r="12" fill="#f2c14e"/>
  <path d="M44 32 L60 14 L76 32 Z" fill="#ffffff"/><path d="M64 32 L80 20 L96 32 Z" fill="#a7c7e7"/>
  <rect x="108" y="18" width="60" height="4" rx="2" fill="#ffffff"/><rect x="108" y="27" width="42" height="4" rx="2" fill="#a7c7e7"/>
</svg>`

const agency: DocumentAgency = {
  legal_name: 'Nordresor Åkesson AB',
  address: 'Götgatan 12\n116 46 Stockholm\nSverige',
  vat_number: 'SE556677889901',
  iban: 'SE4550000000058398257466',
  bic: 'ESSESESS',
  email: 'office@nordresor.example',
  phone: '+46 8 555 010 20',
  logo: { media_type: 'image/svg+xml', data: Buffer.from(LOGO).toString('base64') },
  invoice_footer: 'Registered office Stockholm · Approved for F-tax · Bankgiro 5050-1055'
}

const statement: ClientStatement = {
  id: 7,
  name: 'Małgorzata Dvořáková',
  email: 'malgorzata@example.pl',
  phone: '+48 22 555 01 02',
  company: 'Biuro Podróży Śląsk',
  created_at: '2027-01-10T09:30:00.000Z',
  updated_at: '2027-01-10T09:30:00.000Z',
  notes: [],
  trips: [
    {
      id: 42, destination: 'Θεσσαλονίκη', start_date: '2027-05-01', end_date: '2027-05-08', price: '1850.00', currency: 'EUR', notes: null,
      invoices: [
        { id: 101, number: '2027-000123', issue_date: '2027-03-01', due_date: '2027-04-15', amount: '1850.00', paid: '600.00', balance: '1250.00', currency: 'EUR', status: 'Partially Paid', payments: [] },
        { id: 102, number: '2027-000124', issue_date: '2027-03-02', due_date: '2027-03-20', amount: '120.00', paid: '0.00', balance: '120.00', currency: 'EUR', status: 'Overdue', payments: [] }
      ]
    },
    {
      id: 43, destination: 'Kiruna', start_date: '2027-12-10', end_date: '2027-12-14', price: '14990.00', currency: 'SEK', notes: null,
      invoices: [
        { id: 103, number: '2027-000131', issue_date: '2027-03-10', due_date: '2027-11-01', amount: '14990.00', paid: '14990.00', balance: '0.00', currency: 'SEK', status: 'Paid', payments: [] }
      ]
    }
  ]
}

async function renderSample (pdf: Buffer, name: string): Promise<Buffer> {
  const directory = await mkdtemp(join(tmpdir(), 'samples-'))
  try {
    await writeFile(join(directory, `${name}.pdf`), pdf)
    await run('pdftoppm', ['-png', '-r', '72', '-singlefile', '-f', '1', join(directory, `${name}.pdf`), join(directory, name)])
    await copyFile(join(directory, `${name}.png`), join(SAMPLES, `${name}.png`))
    return await readFile(join(SAMPLES, `${name}.png`))
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

/** A PNG's width and height in points (72 dpi), from its IHDR chunk; A4 is 595.3 × 841.9. */
const sizeOf = (png: Buffer) => ({ width: Math.round(png.readUInt32BE(16) / 2), height: Math.round(png.readUInt32BE(20) / 2) })

describe('the samples in docs/samples', () => {
  it('are an English invoice and a Swedish statement, rendered from the documents as the services print them', async () => {
    // Its client is the statement's.
    const invoice = await pdfBytes(invoiceDocument(SAMPLE_INVOICE, agency, 'en'))
    expect(await pdfText(invoice)).toContain('€1,250.00')
    expect(sizeOf(await renderSample(invoice, 'invoice'))).toEqual({ width: 298, height: 421 })

    const swedish = await pdfBytes(statementDocument(statement, agency, 'sv', '2027-04-01'))
    expect(await pdfText(swedish)).toContain('14 990,00 kr')
    expect(sizeOf(await renderSample(swedish, 'statement'))).toEqual({ width: 298, height: 421 })
  })
})
