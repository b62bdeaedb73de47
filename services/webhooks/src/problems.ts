import { defineProblem } from '@travel-crm/service-kit'

/** The webhooks service's refusals, each with a stable code that clients and tests rely on. */
export const WebhooksProblems = {
  endpointNotFound: defineProblem('WEBHOOKS_ENDPOINT_NOT_FOUND', 'Webhook endpoint %s not found', 404),
  urlRefused: defineProblem('WEBHOOKS_URL_REFUSED', 'The URL cannot receive webhooks: %s', 400),
  unknownEvents: defineProblem('WEBHOOKS_UNKNOWN_EVENTS', 'These patterns match no event: %s', 400),
  replayTooEarly: defineProblem('WEBHOOKS_REPLAY_OUT_OF_RANGE', '%s', 400)
}
