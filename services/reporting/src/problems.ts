import { defineProblems } from '@travel-crm/service-kit/http'

/** Reporting's refusals, each with a stable code that clients and tests rely on. */
export const ReportingProblems = defineProblems('REPORTING', {
  clientNotFound: ['REPORTING_CLIENT_NOT_FOUND', 'Client %s not found', 404],
  exportsBusy: ['REPORTING_EXPORTS_BUSY', '%s exports are streaming already; try again in a few seconds', 503]
})
