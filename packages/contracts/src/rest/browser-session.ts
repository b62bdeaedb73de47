// The browser's session: the refresh token travels only in an httpOnly cookie, never in a body script can read.
import { Type, type Static } from 'typebox'

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

/** What the browser gets: the access token (kept in memory) and when it expires; the refresh token is in the cookie. */
export const BrowserSession = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds until the access token expires' })
})

export type BrowserSession = Static<typeof BrowserSession>
