// The browser's session: the refresh token travels only in an httpOnly cookie, never in a body script can read.
import { Type, type Static } from 'typebox'

export * from '../browser-session.js'

/** What the browser gets: the access token (kept in memory) and when it expires; the refresh token is in the cookie. */
export const BrowserSession = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds until the access token expires' })
})

export type BrowserSession = Static<typeof BrowserSession>
