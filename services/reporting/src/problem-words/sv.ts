import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { ReportingProblemName } from '../problems.js'

/** Reporting's problem details in Swedish; `{{0}}` is the first value the English `%s` names. */
export const sv: ProblemWords<ReportingProblemName> = {
  clientNotFound: 'Kund {{0}} finns inte',
  exportsBusy: '{{0}} exporter pågår och {{1}} väntar redan; försök igen om några sekunder',
  exportsShareUsed: 'Du har redan {{0}} exporter igång eller i kö, din andel av tjänstens; försök igen när en är klar'
}
