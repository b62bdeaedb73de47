import { defineProblems } from '@travel-crm/service-kit/http'
import { es } from './problem-words/es.js'
import { sv } from './problem-words/sv.js'

export const REPORTING_PROBLEMS = {
  clientNotFound: ['REPORTING_CLIENT_NOT_FOUND', 'Client %s not found', 404],
  exportsBusy: ['REPORTING_EXPORTS_BUSY', '%s exports are streaming and %s waiting already; try again in a few seconds', 503],
  exportsShareUsed: ['REPORTING_EXPORTS_SHARE_USED', 'You have %s exports streaming or waiting already, your share of this service\'s; try again when one has finished', 429]
} as const

export type ReportingProblemName = keyof typeof REPORTING_PROBLEMS

/** Reporting's refusals, each with a stable code that clients and tests rely on; worded in every app language. */
export const ReportingProblems = defineProblems('REPORTING', REPORTING_PROBLEMS, { sv, es })
