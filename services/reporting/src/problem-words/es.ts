import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { ReportingProblemName } from '../problems.js'

/** Reporting's problem details in Spanish; `{{0}}` is the first value the English `%s` names. */
export const es: ProblemWords<ReportingProblemName> = {
  clientNotFound: 'No existe el cliente {{0}}',
  exportsBusy: 'Ya hay {{0}} exportaciones en curso; inténtelo de nuevo en unos segundos',
  exportsShareUsed: 'Ya tiene {{0}} exportaciones en curso, su parte de las {{1}} de este servicio; inténtelo de nuevo cuando termine una'
}
