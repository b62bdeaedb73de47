// Declarations that mention PDFKit.PDFDocument need its types wherever they are read (the compiled build of
// billing and reporting reads dist/*.d.ts, whose global namespace would otherwise be missing).
/// <reference types="pdfkit" preserve="true" />
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import type { AgencyPayload, Language } from '@travel-crm/contracts'
import { documentWords, type Translate } from './messages.js'

/** What documents print of the agency: its header, payment instructions and footer. */
export type DocumentAgency = Pick<AgencyPayload, 'legal_name' | 'address' | 'vat_number' | 'iban' | 'bic' | 'email' | 'phone' | 'logo' | 'invoice_footer'>

// DejaVu Sans covers Latin (Swedish, Polish, Czech…), Greek and Cyrillic: names print as written, never as
// `?`. PDFKit embeds only the glyphs a document uses (fontkit subsetting). Read once, shared by every document.
const FONT_DIRECTORY = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
// Parsed once and handed to PDFKit as fontkit fonts: parsing and the shaping tables' caches cost more than
// the rest of an invoice, and each document still makes its own subset.
const REGULAR = fontkit.create(readFileSync(join(FONT_DIRECTORY, 'DejaVuSans.ttf'))) as unknown as string
const BOLD = fontkit.create(readFileSync(join(FONT_DIRECTORY, 'DejaVuSans-Bold.ttf'))) as unknown as string

const MARGIN = 50
const GREY = '#555555'
const RULE = '#bbbbbb'

export interface Column {
  key: string
  label: string
  /** Share of the line's width. */
  width: number
  align?: 'left' | 'right'
}

/**
 * One A4 document in one language: the agency's header, headings, label/value blocks and tables that break
 * across pages with their header row repeated, and each page numbered in its footer. Rows can be added as
 * they are read, so a long report streams out as it is written.
 */
export class DocumentWriter {
  readonly doc: PDFKit.PDFDocument
  readonly words: Translate
  private pageNumber = 1
  private columns: Column[] | undefined

  constructor (readonly language: Language, private readonly agency: DocumentAgency | undefined, title: string) {
    this.words = documentWords(language)
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      lang: language,
      displayTitle: true,
      info: { Title: title, Author: agency?.legal_name ?? '', Producer: 'Travel CRM', Creator: 'Travel CRM' },
      font: null as unknown as string
    })
    this.doc.registerFont('regular', REGULAR)
    this.doc.registerFont('bold', BOLD)
    this.doc.font('regular').fontSize(10)
    this.footer()
    this.doc.on('pageAdded', () => {
      this.pageNumber += 1
      this.footer()
      if (this.columns !== undefined) this.tableHeader(this.columns)
    })
  }

  private get width (): number {
    return this.doc.page.width - 2 * MARGIN
  }

  /** Page number and the agency's name below the bottom margin, where text would otherwise open a new page. */
  private footer (): void {
    const { doc } = this
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    const y = doc.page.height - MARGIN + 15
    doc.font('regular').fontSize(8).fillColor(GREY)
    doc.text(this.agency?.legal_name ?? '', MARGIN, y, { width: this.width / 2, lineBreak: false })
    doc.text(this.words('agency.page', { page: this.pageNumber }), MARGIN + this.width / 2, y, { width: this.width / 2, align: 'right', lineBreak: false })
    doc.page.margins.bottom = bottom
    doc.fillColor('black').fontSize(10).text('', MARGIN, MARGIN)
  }

  /** The agency (logo, name, address, contacts) on the right; the document's title and subtitle on the left. */
  header (title: string, subtitle?: string): void {
    const { doc, agency } = this
    const right = MARGIN + this.width / 2
    let agencyY = MARGIN
    if (agency?.logo !== undefined && agency.logo !== null) {
      const logo = Buffer.from(agency.logo.data, 'base64')
      if (agency.logo.media_type === 'image/png') doc.image(logo, right, agencyY, { fit: [this.width / 2, 50], align: 'right' })
      else SVGtoPDF(doc, logo.toString('utf8'), right, agencyY, { width: this.width / 2, height: 50, preserveAspectRatio: 'xMaxYMin meet' })
      agencyY += 58
    }
    if (agency !== undefined) {
      doc.font('bold').fontSize(11).text(agency.legal_name, right, agencyY, { width: this.width / 2, align: 'right' })
      const lines = [
        ...agency.address.split('\n'),
        ...(agency.vat_number !== null ? [this.words('agency.vat', { vat: agency.vat_number })] : []),
        agency.email,
        agency.phone
      ]
      doc.font('regular').fontSize(9).fillColor(GREY).text(lines.join('\n'), { width: this.width / 2, align: 'right' })
      agencyY = doc.y
    }
    doc.fillColor('black').font('bold').fontSize(22).text(title, MARGIN, MARGIN, { width: this.width / 2 })
    if (subtitle !== undefined) doc.font('regular').fontSize(11).fillColor(GREY).text(subtitle, { width: this.width / 2 }).fillColor('black')
    doc.font('regular').fontSize(10)
    doc.y = Math.max(doc.y, agencyY) + 24
    doc.x = MARGIN
  }

  heading (text: string): void {
    this.ensureRoom(40)
    this.doc.moveDown(0.6).font('bold').fontSize(12).text(text, MARGIN, this.doc.y, { width: this.width }).font('regular').fontSize(10).moveDown(0.3)
  }

  paragraph (text: string, options: { grey?: boolean, size?: number } = {}): void {
    this.doc.font('regular').fontSize(options.size ?? 10).fillColor(options.grey === true ? GREY : 'black')
      .text(text, MARGIN, this.doc.y, { width: this.width }).fillColor('black').fontSize(10)
  }

  /** Labels and their values, two to a line, as an invoice's dates and number are set out. */
  facts (pairs: Array<[label: string, value: string]>): void {
    const { doc } = this
    const half = this.width / 2
    for (let index = 0; index < pairs.length; index += 2) {
      const y = doc.y
      let bottom = y
      pairs.slice(index, index + 2).forEach(([label, value], column) => {
        const x = MARGIN + column * half
        doc.font('regular').fontSize(8).fillColor(GREY).text(label, x, y, { width: half - 10 })
        doc.font('bold').fontSize(10).fillColor('black').text(value, x, doc.y, { width: half - 10 })
        bottom = Math.max(bottom, doc.y)
      })
      doc.y = bottom + 6
    }
    doc.font('regular').fontSize(10)
  }

  /** A block of label/value lines right-aligned under a table: total, paid, balance. */
  totals (lines: Array<[label: string, value: string, bold?: boolean]>): void {
    const { doc } = this
    this.ensureRoom(lines.length * 16 + 10)
    const x = MARGIN + this.width * 0.45
    const width = this.width * 0.55
    doc.moveDown(0.3)
    for (const [label, value, bold] of lines) {
      const y = doc.y
      doc.font(bold === true ? 'bold' : 'regular').fontSize(10)
      doc.text(label, x, y, { width: width / 2 })
      doc.text(value, x + width / 2, y, { width: width / 2, align: 'right' })
      doc.y = Math.max(doc.y, y + 14)
    }
    doc.font('regular').x = MARGIN
  }

  /** Starts a table: its header row now and again on every page it runs onto, until `endTable`. */
  startTable (columns: Column[]): void {
    this.ensureRoom(40)
    this.columns = columns
    this.tableHeader(columns)
  }

  endTable (): void {
    this.columns = undefined
    this.doc.x = MARGIN
    this.doc.moveDown(0.5)
  }

  private cellLayout (columns: Column[]): Array<{ x: number, width: number }> {
    const total = columns.reduce((sum, column) => sum + column.width, 0)
    let x = MARGIN
    return columns.map((column) => {
      const width = this.width * column.width / total
      const cell = { x, width }
      x += width
      return cell
    })
  }

  private tableHeader (columns: Column[]): void {
    this.drawRow(columns, columns.map((column) => column.label), true)
  }

  row (cells: string[]): void {
    if (this.columns === undefined) throw new Error('row() outside a table')
    this.drawRow(this.columns, cells, false)
  }

  private drawRow (columns: Column[], cells: string[], header: boolean): void {
    const { doc } = this
    const layout = this.cellLayout(columns)
    doc.font(header ? 'bold' : 'regular').fontSize(header ? 8 : 9)
    const height = Math.max(...cells.map((cell, index) => doc.heightOfString(cell, { width: (layout[index]?.width ?? 10) - 6 }))) + 6
    // Breaking the page inside the row would split its cells; the new page repeats the header first.
    if (!header) this.ensureRoom(height)
    const y = doc.y
    cells.forEach((cell, index) => {
      const box = layout[index]
      if (box === undefined) return
      doc.fillColor(header ? GREY : 'black').text(cell, box.x + 3, y + 3, { width: box.width - 6, align: columns[index]?.align ?? 'left' })
    })
    doc.moveTo(MARGIN, y + height).lineTo(MARGIN + this.width, y + height).lineWidth(header ? 0.8 : 0.3).strokeColor(RULE).stroke()
    doc.fillColor('black').font('regular').fontSize(10)
    doc.x = MARGIN
    doc.y = y + height
  }

  private ensureRoom (height: number): void {
    if (this.doc.y + height > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage()
  }

  /** Ends the document; its bytes go on flowing to whoever reads `doc`. */
  end (): PDFKit.PDFDocument {
    this.doc.end()
    return this.doc
  }
}

/** The whole document in memory: for one invoice or statement (tens of kilobytes), and for the zip. */
export async function pdfBytes (doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = []
  return await new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => { resolve(Buffer.concat(chunks)) })
    doc.on('error', reject)
  })
}
