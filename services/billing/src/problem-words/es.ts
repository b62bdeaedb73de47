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
  dueDatesUnclear: 'Indique qué vence cuándo con exactamente uno de due_date, installments o schedule',
  amountMissing: 'Se necesita un importe con {{0}}',
  installmentsMismatch: 'Los plazos suman {{0}}, no el importe {{1}}',
  lastInstallmentNotPositive: 'El importe {{0}} dejaría el último plazo en {{1}}: indique los plazos',
  installmentsBelowPaid: 'Los plazos suman {{0}}, menos que los {{1}} {{2}} ya pagados',
  tripStartUnknown: 'La fecha de inicio del viaje {{0}} aún no se conoce; indique los plazos',
  commissionNotFound: 'No se espera comisión por la reserva {{0}}',
  commissionCancelled: 'La reserva {{0}} está cancelada: no se espera comisión por ella',
  commissionExceedsBalance: 'El pago de comisión de {{0}} es mayor que el saldo pendiente de {{1}} {{2}}',
  tripArchived: 'El viaje {{0}} está archivado: restáurelo antes de facturarlo',
  clientArchived: 'El cliente {{0}} está archivado: restáurelo antes de facturarlo',
  staleVersion: '{{0}} está en la versión {{1}}, no en la de If-Match ({{2}}): vuelva a leerlo'
}
