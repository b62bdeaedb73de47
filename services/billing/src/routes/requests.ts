import type { FastifyRequest } from 'fastify'
import { parseMoney } from '@travel-crm/contracts'
import { ifMatchPrecondition, Problems } from '@travel-crm/service-kit'
import type { Change } from '../invoicing.js'

/** The change a request makes: its user, its moment and the version it expects (If-Match). */
export function changeBy (request: FastifyRequest): Change {
  if (request.actor === undefined) throw new Problems.unauthenticated('This route needs a Bearer access token')
  return { userId: request.actor.id, now: new Date(), precondition: ifMatchPrecondition(request.headers['if-match']) }
}

/** An amount the schema already accepted, as the two-decimal string the rest of the service works with. */
export function moneyOf (value: unknown, field: string): string {
  const amount = parseMoney(value)
  if (amount === undefined) throw new Problems.validation(`body/${field} must be greater than 0 with at most two decimals`)
  return amount
}

export function optionalMoneyOf (value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : moneyOf(value, field)
}
