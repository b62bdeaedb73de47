// The web app's session, as plain values: the browser bundle imports this file alone, without the schemas.

/** Where the refresh cookie is sent: the browser attaches it to these routes and to no other request. */
export const BROWSER_SESSION_PATH = '/session'
export const REFRESH_COOKIE = 'travel_crm_refresh'

/**
 * A header every browser-session request must carry. A cross-site form cannot set it, and a cross-site script
 * cannot send it without a CORS preflight that the gateway refuses: with SameSite=Strict and the Origin check,
 * the third guard against cross-site requests.
 */
export const BROWSER_SESSION_HEADER = 'x-requested-with'
export const BROWSER_SESSION_HEADER_VALUE = 'travel-crm-web'
