import type { ReportDatabase } from '../report-database.js'

/** What the report routes read from, and the day against which they judge what is overdue. */
export interface Reporting {
  db: ReportDatabase
  /** Today in UTC, `YYYY-MM-DD`. */
  today: () => string
}
