// Documents of the agency (invoices, statements, reports) as PDFs in the app's languages, written once for
// every service that sends them.
export * from './format.js'
export * from './messages.js'
export * from './pdf.js'
export * from './invoice.js'
export * from './statement.js'
export * from './report.js'
