import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { ReportingProblemName } from '../problems.js'

/** Reporting's problem details in Spanish; `{{0}}` is the first value the English `%s` names. */
export const es: ProblemWords<ReportingProblemName> = {
  clientNotFound: 'No existe el cliente {{0}}',
  exportsBusy: 'Ya hay {{0}} exportaciones en curso y {{1}} en espera; inténtelo de nuevo en unos segundos',
  exportsShareUsed: 'Ya tiene {{0}} exportaciones en curso o en espera, su parte de las de este servicio; inténtelo de nuevo cuando termine una'
}
