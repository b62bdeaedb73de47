import { expect } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import type { ReportingUnderTest } from './reporting.js'

/** The policy table's rule for every report: admins and analysts read it, agents get 403, no token 401. */
export async function expectOnlyReportReaders (reporting: ReportingUnderTest, urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    expect((await reporting.get(url, 'admin')).statusCode, url).toBe(200)
    expect((await reporting.get(url, 'analyst')).statusCode, url).toBe(200)
    const forbidden = await reporting.get(url, 'agent')
    expect(forbidden.statusCode, url).toBe(403)
    expect(forbidden.json().code).toBe('FORBIDDEN')
    expect((await reporting.app.inject({ method: 'GET', url })).statusCode, url).toBe(401)
  }
}

/** Each query is refused as the schemas refuse it: a 400 problem with the validation code, never a report. */
export async function expectRefusedQueries (reporting: ReportingUnderTest, urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    const response = await reporting.get(url, 'analyst')
    expect(response.statusCode, url).toBe(400)
    expect(response.headers['content-type']).toContain('application/problem+json')
    expect(response.json().code, url).toBe('VALIDATION_FAILED')
  }
}

/** A report export asked as `?format=pdf`: a PDF file, whatever its language. */
export function expectPdf (response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(200)
  expect(response.headers['content-type']).toBe('application/pdf')
  expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
}
