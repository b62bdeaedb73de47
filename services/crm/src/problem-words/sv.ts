import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { CrmProblemName } from '../problems.js'

/** Crm's problem details in Swedish; `{{0}}` is the first value the English `%s` names. */
export const sv: ProblemWords<CrmProblemName> = {
  clientNotFound: 'Kund {{0}} finns inte',
  tripNotFound: 'Resa {{0}} finns inte',
  noteNotFound: 'Anteckning {{0}} för kund {{1}} finns inte',
  emailTaken: 'En annan kund har redan e-postadressen {{0}}',
  tripCurrencyLocked: 'Resa {{0}} har fakturor i {{1}}: dess valuta kan inte ändras',
  tripEndsBeforeStart: 'Resan skulle sluta ({{0}}) innan den börjar ({{1}})',
  tripStatusTransition: 'Resa {{0}} kan inte flyttas från {{1}}; därifrån kan den flyttas till {{2}}',
  travellerNotFound: 'Resenär {{0}} på resa {{1}} finns inte',
  leadTaken: 'Resa {{0}} har redan en huvudresenär ({{1}}): ta bort den markeringen först',
  bornInFuture: 'Födelsedatumet {{0}} ligger i framtiden',
  supplierNotFound: 'Leverantör {{0}} finns inte',
  supplierHasBookings: 'Leverantör {{0}} har {{1}} bokningar: den kan inte tas bort medan de hänvisar till den',
  bookingNotFound: 'Bokning {{0}} på resa {{1}} finns inte',
  bookingEndsBeforeStart: 'Bokningen skulle sluta ({{0}}) innan den börjar ({{1}})',
  clientHasPayments: 'Kund {{0}} har {{1}} mottagna betalningar på sina resor: mottagna pengar sparas, arkivera kunden i stället',
  tripHasPayments: 'Resa {{0}} har {{1}} mottagna betalningar: mottagna pengar sparas, arkivera resan i stället',
  clientArchived: 'Kund {{0}} är arkiverad: återställ den innan den får resor',
  staleVersion: '{{0}} har version {{1}}, inte den i If-Match ({{2}}): läs den igen'
}
