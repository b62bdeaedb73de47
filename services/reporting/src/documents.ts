import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AgencyPayload } from '@travel-crm/contracts'
import type { DocumentAgency, ReportName } from '@travel-crm/documents'
import { loadDocuments } from '@travel-crm/documents/load'
import { languageOf, sendDocument } from '@travel-crm/service-kit/http'
import { toCsv } from './csv.js'
import type { ReportDatabase, Reporting } from './report-database.js'

/** The agency's details as billing last announced them, for the documents' header; undefined until set. */
export async function documentAgency (db: ReportDatabase): Promise<DocumentAgency | undefined> {
  const [row] = await db.query<{ details: AgencyPayload }>('select details from agency where id = 1')
  return row?.details
}

interface Export {
  report: ReportName
  /** The CSV's file name; the PDF's is the same with `.pdf`. */
  filename: string
  columns: readonly string[]
  rows: () => AsyncGenerator<object[]>
}

/**
 * A report's export as CSV (the default) or, with `?format=pdf`, as a PDF table of the same rows. A CSV keeps
 * its machine-readable column names unless `?lang=` asks for them in a language.
 */
export async function sendExport (request: FastifyRequest, reply: FastifyReply, { db, exports }: Reporting, today: string, report: Export): Promise<FastifyReply> {
  const query = request.query as { format?: 'csv' | 'pdf', lang?: string }
  if (query.format === 'pdf') {
    return await exports.own(request, reply, async () => {
      const { reportDocument } = await loadDocuments()
      const pdf = reportDocument(report.report, report.columns, report.rows() as AsyncGenerator<Array<Record<string, unknown>>>, await documentAgency(db), languageOf(request), today)
      return sendDocument(reply, { type: 'application/pdf', filename: report.filename.replace(/\.csv$/, '.pdf'), disposition: 'attachment' }, pdf)
    })
  }
  const words = query.lang === undefined ? undefined : (await loadDocuments()).documentWords(languageOf(request))
  const columns = words === undefined ? report.columns : report.columns.map((key) => ({ key, header: words(`column.${key}`, { defaultValue: key }) }))
  return await exports.shared(request, reply, report.filename, () => toCsv(report.rows(), columns))
}
