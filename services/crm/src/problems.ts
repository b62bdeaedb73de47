import { defineProblem } from '@travel-crm/service-kit'

export const ClientNotFound = defineProblem('CRM_CLIENT_NOT_FOUND', 'Client %s not found', 404)
export const TripNotFound = defineProblem('CRM_TRIP_NOT_FOUND', 'Trip %s not found', 404)
export const NoteNotFound = defineProblem('CRM_NOTE_NOT_FOUND', 'Note %s of client %s not found', 404)
export const EmailTaken = defineProblem('CRM_CLIENT_EMAIL_TAKEN', 'Another client already has the email address %s', 409)
export const TripCurrencyLocked = defineProblem('CRM_TRIP_CURRENCY_LOCKED', 'Trip %s has invoices in %s: its currency cannot change', 409)
export const TripEndsBeforeStart = defineProblem('CRM_TRIP_ENDS_BEFORE_START', 'The trip would end (%s) before it starts (%s)', 400)
export const StaleVersion = defineProblem('CRM_STALE_VERSION', '%s is at version %s, not the one in If-Match (%s): read it again', 412)
