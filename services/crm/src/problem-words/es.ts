import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { CrmProblemName } from '../problems.js'

/** Crm's problem details in Spanish; `{{0}}` is the first value the English `%s` names. */
export const es: ProblemWords<CrmProblemName> = {
  clientNotFound: 'No existe el cliente {{0}}',
  tripNotFound: 'No existe el viaje {{0}}',
  noteNotFound: 'No existe la nota {{0}} del cliente {{1}}',
  emailTaken: 'Otro cliente ya tiene la dirección de correo {{0}}',
  tripCurrencyLocked: 'El viaje {{0}} tiene facturas en {{1}}: su moneda no puede cambiar',
  tripEndsBeforeStart: 'El viaje terminaría ({{0}}) antes de empezar ({{1}})',
  tripStatusTransition: 'El viaje {{0}} no puede pasar desde {{1}}; desde ahí puede pasar a {{2}}',
  travellerNotFound: 'No existe el viajero {{0}} del viaje {{1}}',
  leadTaken: 'El viaje {{0}} ya tiene un viajero principal ({{1}}): quítele esa marca primero',
  bornInFuture: 'La fecha de nacimiento {{0}} está en el futuro',
  supplierNotFound: 'No existe el proveedor {{0}}',
  supplierHasBookings: 'El proveedor {{0}} tiene {{1}} reservas: no puede eliminarse mientras se refieran a él',
  bookingNotFound: 'No existe la reserva {{0}} del viaje {{1}}',
  bookingEndsBeforeStart: 'La reserva terminaría ({{0}}) antes de empezar ({{1}})',
  clientHasPayments: 'El cliente {{0}} tiene {{1}} pagos recibidos en sus viajes: el dinero recibido se conserva, archive el cliente en su lugar',
  tripHasPayments: 'El viaje {{0}} tiene {{1}} pagos recibidos: el dinero recibido se conserva, archive el viaje en su lugar',
  clientArchived: 'El cliente {{0}} está archivado: restáurelo antes de darle viajes',
  staleVersion: '{{0}} tiene la versión {{1}}, no la de If-Match ({{2}}): vuelva a leerlo'
}
