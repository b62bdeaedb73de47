import { Type } from 'typebox'
import { DateOnly, LiteralUnion, StrictObject } from '../schemas.js'
import { LanguageQuery } from '../languages.js'

/** `?lang=en|sv|es` on a document; without it `Accept-Language` chooses, and English is the fallback. */
export const DocumentQuery = StrictObject({ ...LanguageQuery })

export const PdfDocument = Type.String({ description: 'application/pdf', contentMediaType: 'application/pdf' })

/** A route's 200 when it answers a PDF. */
export const PDF_RESPONSE = { description: 'PDF document', content: { 'application/pdf': { schema: PdfDocument } } }

export const InvoiceExportQuery = StrictObject({
  from: DateOnly,
  to: DateOnly,
  ...LanguageQuery
}, { description: 'invoices issued from `from` to `to`, both inclusive; each as its PDF in the zip' })

export const ZIP_RESPONSE = { description: 'zip of PDF documents', content: { 'application/zip': { schema: Type.String({ contentMediaType: 'application/zip' }) } } }

/**
 * `?format=pdf` turns a report's CSV export into a PDF table; `?lang=` words the PDF, and on a CSV renames
 * its columns into that language (without it the CSV keeps the same machine-readable names in every language).
 */
export const ExportOptions = {
  format: Type.Optional(LiteralUnion(['csv', 'pdf'])),
  ...LanguageQuery
}

export const ReportExportQuery = StrictObject({ ...ExportOptions })
