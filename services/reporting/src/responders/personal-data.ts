import { PERSONAL_DATA_SUBJECTS, type ReportingPersonalData } from '@travel-crm/contracts'
import { answerPersonalDataQueries, servicePlugin } from '@travel-crm/service-kit/messaging'
import type { Reporting } from '../report-database.js'

/**
 * Answers crm's `reporting.query.personal-data` with the audit trail's entries about the client: the read models'
 * other rows are copies of what crm and billing give themselves.
 */
export const personalDataResponder = servicePlugin<Reporting>(async (app, { db }) => {
  answerPersonalDataQueries(app, PERSONAL_DATA_SUBJECTS.reporting, 'reporting', async (clientId): Promise<ReportingPersonalData> => {
    const entries = await db.query<Record<string, unknown>>(
      `select id::int as id, event_id, at, entity, entity_id, action, actor_id, request_id, reason, changes
       from audit_entry where client_id = $1 order by at, id`, [clientId]
    )
    return { audit_entries: entries }
  })
})
