import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { WebhooksProblemName } from '../problems.js'

/** The webhooks service's problem details in Swedish; `{{0}}` is the first value the English `%s` names. */
export const sv: ProblemWords<WebhooksProblemName> = {
  endpointNotFound: 'Webhook-mottagare {{0}} finns inte',
  urlRefused: 'Adressen kan inte ta emot webhooks: {{0}}',
  unknownEvents: 'Dessa mönster matchar ingen händelse: {{0}}',
  replayOutOfRange: '{{0}}',
  staleVersion: '{{0}} har version {{1}}, inte den i If-Match ({{2}}): läs den igen'
}
