import { defineProblems, STALE_VERSION_MESSAGE } from '@travel-crm/service-kit/http'
import { es } from './problem-words/es.js'
import { sv } from './problem-words/sv.js'

export const WEBHOOKS_PROBLEMS = {
  endpointNotFound: ['WEBHOOKS_ENDPOINT_NOT_FOUND', 'Webhook endpoint %s not found', 404],
  urlRefused: ['WEBHOOKS_URL_REFUSED', 'The URL cannot receive webhooks: %s', 400],
  unknownEvents: ['WEBHOOKS_UNKNOWN_EVENTS', 'These patterns match no event: %s', 400],
  replayOutOfRange: ['WEBHOOKS_REPLAY_OUT_OF_RANGE', '%s', 400],
  staleVersion: ['WEBHOOKS_STALE_VERSION', STALE_VERSION_MESSAGE, 412]
} as const

export type WebhooksProblemName = keyof typeof WEBHOOKS_PROBLEMS

/** The webhooks service's refusals, each with a stable code that clients and tests rely on; worded in every app language. */
export const WebhooksProblems = defineProblems('WEBHOOKS', WEBHOOKS_PROBLEMS, { sv, es })
