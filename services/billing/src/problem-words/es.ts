import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { BillingProblemName } from '../problems.js'

/** Billing's problem details in Spanish; `{{0}}` is the first value the English `%s` names. */
export const es: ProblemWords<BillingProblemName> = {
  invoiceNotFound: 'No existe la factura {{0}}',
  paymentNotFound: 'No existe el pago {{0}}',
  tripNotFound: 'No existe el viaje {{0}}',
  dateOutOfRange: '{{0}} {{1}} está fuera de {{2}}',
  dueBeforeIssue: 'La fecha de vencimiento {{0}} es anterior a la fecha de emisión {{1}}',
  exceedsBalance: 'El pago de {{0}} supera el saldo pendiente de {{1}} {{2}}',
  invoiceCancelled: 'La factura {{0}} está anulada',
  invoiceHasPayments: 'La factura {{0}} tiene pagos y no se puede anular',
  amountBelowPaid: 'El importe {{0}} es menor que los {{1}} {{2}} ya pagados',
  agencyNotSet: 'Aún no se han indicado los datos de la agencia (PUT /settings/agency)',
  logoInvalid: 'El logotipo no es una imagen {{0}} válida de como máximo {{1}} bytes',
  tripArchived: 'El viaje {{0}} está archivado: restáurelo antes de facturarlo',
  clientArchived: 'El cliente {{0}} está archivado: restáurelo antes de facturarlo',
  staleVersion: '{{0}} está en la versión {{1}}, no en la de If-Match ({{2}}): vuelva a leerlo'
}
