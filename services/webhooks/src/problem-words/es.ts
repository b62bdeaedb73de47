import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { WebhooksProblemName } from '../problems.js'

/** The webhooks service's problem details in Spanish; `{{0}}` is the first value the English `%s` names. */
export const es: ProblemWords<WebhooksProblemName> = {
  endpointNotFound: 'No existe el destino de webhook {{0}}',
  urlRefused: 'La URL no puede recibir webhooks: {{0}}',
  unknownEvents: 'Estos patrones no coinciden con ningún evento: {{0}}',
  replayOutOfRange: '{{0}}',
  staleVersion: '{{0}} está en la versión {{1}}, no en la de If-Match ({{2}}): vuelva a leerlo'
}
