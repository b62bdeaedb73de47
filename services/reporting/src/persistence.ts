import type { Persistence } from '@travel-crm/service-kit/data'
import { ReadModels20261201000000 } from './migrations/20261201000000-read-models.js'
import { ReportTotals20261201000100 } from './migrations/20261201000100-report-totals.js'
import { ReportTotalsInPlace20261202000000 } from './migrations/20261202000000-report-totals-in-place.js'
import { Documents20261205040000 } from './migrations/20261205040000-documents.js'
import { AuditTrail20261205210000 } from './migrations/20261205210000-audit-trail.js'
import { ReadModelChanges20261205220000 } from './migrations/20261205220000-read-model-changes.js'
import { MoneyReports20261205230000 } from './migrations/20261205230000-money-reports.js'
import { TripPipeline20261206010000 } from './migrations/20261206010000-trip-pipeline.js'
import { Departures20261206020000 } from './migrations/20261206020000-departures.js'
import { OverdueEvents20261206030000 } from './migrations/20261206030000-overdue-events.js'
import { MoneyTotals20261206040000 } from './migrations/20261206040000-money-totals.js'
import { RecordLocks20261206092000 } from './migrations/20261206092000-record-locks.js'
import { LeanerTotals20261207060000 } from './migrations/20261207060000-leaner-totals.js'

// Read models are written and read with SQL alone: upserts guarded by version, and reports that are single
// indexed queries; an entity layer would add nothing here.
export const persistence: Persistence = {
  entities: [],
  migrations: [
    { name: 'ReadModels20261201000000', class: ReadModels20261201000000 },
    { name: 'ReportTotals20261201000100', class: ReportTotals20261201000100 },
    { name: 'ReportTotalsInPlace20261202000000', class: ReportTotalsInPlace20261202000000 },
    { name: 'Documents20261205040000', class: Documents20261205040000 },
    { name: 'AuditTrail20261205210000', class: AuditTrail20261205210000 },
    { name: 'ReadModelChanges20261205220000', class: ReadModelChanges20261205220000 },
    { name: 'MoneyReports20261205230000', class: MoneyReports20261205230000 },
    { name: 'TripPipeline20261206010000', class: TripPipeline20261206010000 },
    { name: 'Departures20261206020000', class: Departures20261206020000 },
    { name: 'OverdueEvents20261206030000', class: OverdueEvents20261206030000 },
    { name: 'MoneyTotals20261206040000', class: MoneyTotals20261206040000 },
    { name: 'RecordLocks20261206092000', class: RecordLocks20261206092000 },
    { name: 'LeanerTotals20261207060000', class: LeanerTotals20261207060000 }
  ]
}

/** Every table built from events, in an order that truncating or comparing them may follow. */
export const READ_MODEL_TABLES = [
  'client', 'note', 'trip', 'invoice', 'payment', 'removed', 'revenue_by_client', 'revenue_by_month', 'invoice_totals', 'agency', 'booking', 'commission', 'traveller', 'supplier',
  'trip_money', 'commission_totals'
] as const
