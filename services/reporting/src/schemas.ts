import { CsvDocument, Problem, StrictObject } from '@travel-crm/contracts'

/** Routes without query parameters still refuse unknown ones, as every request schema does. */
export const NoQuery = StrictObject({})

export const ERRORS = { 400: Problem, 401: Problem, 403: Problem }

export const CSV_RESPONSE = { 200: { description: 'CSV attachment', content: { 'text/csv': { schema: CsvDocument } } }, ...ERRORS }
