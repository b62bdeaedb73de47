import { Value } from 'typebox/value'
import type { TSchema, Static } from 'typebox'
import { PersonalDataRequest } from '@travel-crm/contracts'
import { Problems } from '../http/problem.js'
import type { ServiceApp } from './layer.js'
import { answerQueries } from './responder.js'

/** Gives what this service holds about a client when asked on its personal-data subject. */
export function answerPersonalDataQueries (app: ServiceApp, subject: string, service: string, holdings: (clientId: number) => Promise<unknown>): void {
  answerQueries(app, subject, service, async (body) => {
    const request: unknown = JSON.parse(body)
    if (!Value.Check(PersonalDataRequest, request)) throw new Error('not a personal data request')
    return await holdings(request.client_id)
  })
}

/**
 * Asks a service for what it holds about a client. A service that does not answer in time, or answers in a
 * form not agreed, fails the whole document with 503: never a document with a part silently missing.
 */
export async function askPersonalData<Schema extends TSchema> (app: ServiceApp, subject: string, schema: Schema, clientId: number, timeoutMs: number): Promise<Static<Schema>> {
  let body: unknown
  try {
    const reply = await app.bus.nc.request(app.bus.subject(subject), JSON.stringify({ client_id: clientId }), { timeout: timeoutMs })
    body = reply.json()
  } catch {
    throw new Problems.unavailable(`${subject.split('.')[0] ?? subject} did not answer for client ${clientId}'s personal data; nothing is given rather than a part`)
  }
  if (!Value.Check(schema, body)) throw new Problems.unavailable(`${subject} answered in a form not agreed`)
  return body
}
