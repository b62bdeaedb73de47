import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, startAuth, type AuthUnderTest } from './auth-app.js'

const APP_HEADER = { 'x-requested-with': 'travel-crm-web', host: 'crm.example.com' }
/** Auth believes forwarded headers (the scheme among them) only from the gateway, which proves itself with this. */
const GATEWAY_SECRET = 'the-gateway-and-auth-share-this'

/** The `name=value` of the refresh cookie a response sets, and its attributes. */
function refreshCookieOf (response: { headers: Record<string, unknown> }): { pair: string, attributes: string } {
  const header = ([] as string[]).concat(response.headers['set-cookie'] as string | string[] ?? []).find((line) => line.startsWith('travel_crm_refresh='))
  if (header === undefined) throw new Error('no refresh cookie set')
  const [pair = '', ...attributes] = header.split('; ')
  return { pair, attributes: attributes.join('; ') }
}

describe('browser sessions: the refresh token in an httpOnly cookie', () => {
  let auth: AuthUnderTest

  beforeAll(async () => {
    auth = await startAuth({ GATEWAY_SECRET })
    await auth.aUser({ username: 'webby', password: 'cookie-jar-keeps-1' })
  })

  afterAll(async () => {
    await auth?.close()
  })

  const startSession = async (headers: Record<string, string> = APP_HEADER) =>
    await auth.request({ method: 'POST', url: '/session', headers, payload: { username: 'webby', password: 'cookie-jar-keeps-1' } })

  it('logs in with the access token in the body and the refresh token only in a strict, httpOnly cookie for /session', async () => {
    const response = await startSession()
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    const body = response.json()
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'token_type'])
    const cookie = refreshCookieOf(response)
    expect(cookie.attributes).toMatch(/Path=\/session/)
    expect(cookie.attributes).toMatch(/HttpOnly/)
    expect(cookie.attributes).toMatch(/SameSite=Strict/)
    expect(cookie.attributes).not.toMatch(/Secure/)
    expect((await auth.request({ method: 'GET', url: '/me', headers: bearer(body.access_token) })).json().username).toBe('webby')
  })

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const response = await startSession({ ...APP_HEADER, 'x-forwarded-proto': 'https', 'x-gateway-proof': GATEWAY_SECRET })
    expect(refreshCookieOf(response).attributes).toMatch(/Secure/)
    // Without the gateway's proof the header is anybody's word, and is not believed.
    const unproven = await startSession({ ...APP_HEADER, 'x-forwarded-proto': 'https' })
    expect(refreshCookieOf(unproven).attributes).not.toMatch(/Secure/)
  })

  it('refreshes from the cookie, rotating it; the spent cookie is refused and cleared', async () => {
    const first = refreshCookieOf(await startSession()).pair
    const refreshed = await auth.request({ method: 'POST', url: '/session/refresh', headers: { ...APP_HEADER, cookie: first } })
    expect(refreshed.statusCode).toBe(200)
    expect(refreshed.json().access_token).toEqual(expect.any(String))
    const second = refreshCookieOf(refreshed).pair
    expect(second).not.toBe(first)

    const replayed = await auth.request({ method: 'POST', url: '/session/refresh', headers: { ...APP_HEADER, cookie: first } })
    expect(replayed.statusCode).toBe(401)
    expect(replayed.json().code).toBe('AUTH_INVALID_REFRESH_TOKEN')
    expect(refreshCookieOf(replayed).pair).toBe('travel_crm_refresh=')
  })

  it('refuses a refresh without the cookie', async () => {
    const response = await auth.request({ method: 'POST', url: '/session/refresh', headers: APP_HEADER })
    expect(response.statusCode).toBe(401)
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
  })

  it('refuses cross-site requests: without the app header, or from another origin', async () => {
    const cookie = refreshCookieOf(await startSession()).pair
    const noHeader = await auth.request({ method: 'POST', url: '/session/refresh', headers: { host: 'crm.example.com', cookie } })
    expect(noHeader.statusCode).toBe(403)
    expect(noHeader.json().code).toBe('AUTH_CROSS_SITE_REQUEST')
    const otherOrigin = await auth.request({ method: 'POST', url: '/session/refresh', headers: { ...APP_HEADER, origin: 'https://evil.example', cookie } })
    expect(otherOrigin.statusCode).toBe(403)
    const login = await startSession({ ...APP_HEADER, origin: 'https://evil.example' })
    expect(login.statusCode).toBe(403)
    // The refused requests did not spend the token: the app itself can still refresh with it.
    const own = await auth.request({ method: 'POST', url: '/session/refresh', headers: { ...APP_HEADER, origin: 'http://crm.example.com', cookie } })
    expect(own.statusCode).toBe(200)
  })

  it('logs out on the server: the cookie is cleared and its refresh token no longer works', async () => {
    const cookie = refreshCookieOf(await startSession()).pair
    const logout = await auth.request({ method: 'POST', url: '/session/logout', headers: { ...APP_HEADER, cookie } })
    expect(logout.statusCode).toBe(204)
    expect(refreshCookieOf(logout).pair).toBe('travel_crm_refresh=')
    const after = await auth.request({ method: 'POST', url: '/session/refresh', headers: { ...APP_HEADER, cookie } })
    expect(after.statusCode).toBe(401)
  })

  it('keeps the JSON token API for API clients', async () => {
    const response = await auth.login('webby', 'cookie-jar-keeps-1')
    expect(Object.keys(response.json()).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type'])
  })
})
