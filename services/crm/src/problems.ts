import { defineProblems, STALE_VERSION_MESSAGE } from '@travel-crm/service-kit/http'

/** Crm's refusals, each with a stable code that clients and tests rely on. */
export const CrmProblems = defineProblems('CRM', {
  clientNotFound: ['CRM_CLIENT_NOT_FOUND', 'Client %s not found', 404],
  tripNotFound: ['CRM_TRIP_NOT_FOUND', 'Trip %s not found', 404],
  noteNotFound: ['CRM_NOTE_NOT_FOUND', 'Note %s of client %s not found', 404],
  emailTaken: ['CRM_CLIENT_EMAIL_TAKEN', 'Another client already has the email address %s', 409],
  tripEndsBeforeStart: ['CRM_TRIP_ENDS_BEFORE_START', 'The trip would end (%s) before it starts (%s)', 400],
  staleVersion: ['CRM_STALE_VERSION', STALE_VERSION_MESSAGE, 412]
})
