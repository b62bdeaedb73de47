import type { Problem } from '@travel-crm/contracts'
import type { Static } from 'typebox'

/** A refusal from the API (RFC 9457 problem details), with the extra figures some carry (`balance`). */
export type ProblemDetails = Static<typeof Problem> & Record<string, unknown>

export class ApiError extends Error {
  constructor (readonly status: number, readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title)
    this.name = 'ApiError'
  }

  get code (): string {
    return this.problem.code
  }

  /**
   * The validation messages by form field: `body/email` becomes `email`. A 409 about a unique value names
   * its field by its code (`CRM_CLIENT_EMAIL_TAKEN`).
   */
  fieldErrors (): Record<string, string> {
    const fields: Record<string, string> = {}
    for (const error of this.problem.errors ?? []) {
      const field = /^body\/([^/]+)/.exec(error.path)?.[1]
      if (field !== undefined) fields[field] ??= error.message
    }
    const unique = /_(EMAIL|USERNAME)_TAKEN$/.exec(this.code)?.[1]
    if (unique !== undefined) fields[unique.toLowerCase()] = this.message
    return fields
  }
}

export async function problemOf (response: Response): Promise<ApiError> {
  let problem: ProblemDetails
  try {
    problem = await response.json() as ProblemDetails
  } catch {
    problem = { type: 'about:blank', title: response.statusText || 'Error', status: response.status, code: `HTTP_${response.status}` }
  }
  return new ApiError(response.status, problem)
}
