import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { BillingProblemName } from '../problems.js'

/** Billing's problem details in Swedish; `{{0}}` is the first value the English `%s` names. */
export const sv: ProblemWords<BillingProblemName> = {
  invoiceNotFound: 'Faktura {{0}} finns inte',
  paymentNotFound: 'Betalning {{0}} finns inte',
  tripNotFound: 'Resa {{0}} finns inte',
  dateOutOfRange: '{{0}} {{1}} ligger utanför {{2}}',
  dueBeforeIssue: 'Förfallodatumet {{0}} ligger före fakturadatumet {{1}}',
  exceedsBalance: 'Betalningen på {{0}} är större än det obetalda saldot på {{1}} {{2}}',
  invoiceCancelled: 'Faktura {{0}} är makulerad',
  invoiceHasPayments: 'Faktura {{0}} har betalningar och kan inte makuleras',
  amountBelowPaid: 'Beloppet {{0}} är mindre än de {{1}} {{2}} som redan är betalda',
  agencyNotSet: 'Byråns uppgifter har inte angetts ännu (PUT /settings/agency)',
  logoInvalid: 'Logotypen är ingen giltig {{0}}-bild på högst {{1}} byte',
  dueDatesUnclear: 'Ange vad som förfaller när med exakt ett av due_date, installments eller schedule',
  amountMissing: 'Ett belopp behövs med {{0}}',
  installmentsMismatch: 'Delbetalningarna blir sammanlagt {{0}}, inte beloppet {{1}}',
  lastInstallmentNotPositive: 'Beloppet {{0}} skulle lämna den sista delbetalningen på {{1}}: ange delbetalningarna',
  installmentsBelowPaid: 'Delbetalningarna blir sammanlagt {{0}}, mindre än de {{1}} {{2}} som redan är betalda',
  tripStartUnknown: 'Startdatumet för resa {{0}} är inte känt än; ange delbetalningarna',
  commissionNotFound: 'Ingen provision väntas på bokning {{0}}',
  commissionCancelled: 'Bokning {{0}} är avbokad: ingen provision väntas på den',
  commissionExceedsBalance: 'Provisionsbetalningen på {{0}} är större än det öppna saldot på {{1}} {{2}}',
  tripArchived: 'Resa {{0}} är arkiverad: återställ den innan den faktureras',
  clientArchived: 'Kund {{0}} är arkiverad: återställ den innan den faktureras',
  staleVersion: '{{0}} har version {{1}}, inte den i If-Match ({{2}}): läs den igen'
}
