import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, startAuth, type AuthUnderTest } from './auth-app.js'

describe('POST /me/password: a user changes their own password', () => {
  let auth: AuthUnderTest

  beforeAll(async () => {
    auth = await startAuth()
    await auth.aUser({ username: 'petra', password: 'slate-harbour-lamp-1', role: 'analyst' })
  })

  afterAll(async () => {
    await auth?.close()
  })

  const change = async (token: string, body: object) => await auth.request({ method: 'POST', url: '/me/password', headers: bearer(token), payload: body })

  it('refuses a wrong current password, and a new one that breaks the rules', async () => {
    const token = await auth.tokenOf('petra', 'slate-harbour-lamp-1')
    const wrong = await change(token, { current_password: 'not-it-at-all', new_password: 'slate-harbour-lamp-2' })
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().code).toBe('AUTH_WRONG_CURRENT_PASSWORD')
    const short = await change(token, { current_password: 'slate-harbour-lamp-1', new_password: 'short' })
    expect(short.statusCode).toBe(400)
    const named = await change(token, { current_password: 'slate-harbour-lamp-1', new_password: 'petra-is-my-name-2' })
    expect(named.statusCode).toBe(400)
    expect(named.json().code).toBe('AUTH_PASSWORD_CONTAINS_USERNAME')
    expect((await change('', { current_password: 'x', new_password: 'slate-harbour-lamp-2' })).statusCode).toBe(401)
  })

  it('changes it: the new password signs in, the old one and the old refresh tokens no longer do', async () => {
    const login = (await auth.login('petra', 'slate-harbour-lamp-1')).json()
    const changed = await change(login.access_token, { current_password: 'slate-harbour-lamp-1', new_password: 'slate-harbour-lamp-2' })
    expect(changed.statusCode).toBe(204)
    expect((await auth.login('petra', 'slate-harbour-lamp-1')).statusCode).toBe(401)
    expect((await auth.login('petra', 'slate-harbour-lamp-2')).statusCode).toBe(200)
    const refreshed = await auth.request({ method: 'POST', url: '/refresh', payload: { refresh_token: login.refresh_token } })
    expect(refreshed.statusCode).toBe(401)
    // The access token used for the change ends with it, like every other session of the user.
    expect((await auth.request({ method: 'GET', url: '/me', headers: bearer(login.access_token) })).statusCode).toBe(401)
  })
})
