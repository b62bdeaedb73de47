import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, startAuth, type AuthUnderTest } from './auth-app.js'
import { lastEventOn } from './events.js'

describe('ending sessions', () => {
  let auth: AuthUnderTest

  const signIn = async (username: string, password: string) => {
    const response = await auth.login(username, password)
    expect(response.statusCode, response.body).toBe(200)
    return response.json() as { access_token: string, refresh_token: string }
  }
  const me = async (token: string) => await auth.request({ method: 'GET', url: '/me', headers: bearer(token) })
  const refresh = async (refreshToken: string) => await auth.request({ method: 'POST', url: '/refresh', payload: { refresh_token: refreshToken } })

  beforeAll(async () => {
    auth = await startAuth()
  })

  afterAll(async () => {
    await auth?.close()
  })

  it('logs a user out everywhere: every access and refresh token of theirs stops working, a new login works', async () => {
    const id = await auth.aUser({ username: 'wanda', password: 'my-travels-far' })
    const laptop = await signIn('wanda', 'my-travels-far')
    const phone = await signIn('wanda', 'my-travels-far')
    const response = await auth.request({ method: 'DELETE', url: '/me/sessions', headers: bearer(phone.access_token) })
    expect(response.statusCode).toBe(204)
    for (const session of [laptop, phone]) {
      expect((await me(session.access_token)).json().code).toBe('AUTH_ACCOUNT_INACTIVE')
      expect((await refresh(session.refresh_token)).statusCode).toBe(401)
    }
    const event = await lastEventOn(auth.app, 'auth.user.updated')
    expect(event).toMatchObject({ subject: `user/${id}`, actorid: String(id), data: { id, session_generation: 1, version: 2 } })
    const again = await signIn('wanda', 'my-travels-far')
    expect((await me(again.access_token)).statusCode).toBe(200)
  })

  it('lets an admin revoke a user\'s sessions, and nobody else', async () => {
    const id = await auth.aUser({ username: 'xavi', password: 'my-sails-south' })
    const session = await signIn('xavi', 'my-sails-south')
    const revoke = async (token: string, target = id) => await auth.request({ method: 'DELETE', url: `/users/${target}/sessions`, headers: bearer(token) })
    expect((await revoke(session.access_token)).statusCode).toBe(403)
    expect((await revoke('')).statusCode).toBe(401)
    const adminToken = await auth.tokenOf(auth.admin.username, auth.admin.password)
    expect((await revoke(adminToken, 999_999)).json().code).toBe('AUTH_USER_NOT_FOUND')
    expect((await revoke(adminToken)).statusCode).toBe(204)
    expect((await me(session.access_token)).statusCode).toBe(401)
    expect((await refresh(session.refresh_token)).statusCode).toBe(401)
    // The account itself is untouched.
    expect((await me((await signIn('xavi', 'my-sails-south')).access_token)).json()).toMatchObject({ user_id: id, role: 'agent' })
  })

  it('ends sessions on a new password, role or state, and not on an unrelated change', async () => {
    const id = await auth.aUser({ username: 'yara', password: 'my-maps-rivers' })
    const adminToken = await auth.tokenOf(auth.admin.username, auth.admin.password)
    const patch = async (payload: object) => await auth.request({ method: 'PATCH', url: `/users/${id}`, headers: bearer(adminToken), payload })
    let token = (await signIn('yara', 'my-maps-rivers')).access_token
    expect((await patch({ role: 'agent' })).statusCode).toBe(200)
    expect((await me(token)).statusCode).toBe(200)
    for (const [change, password] of [[{ password: 'my-new-compass' }, 'my-new-compass'], [{ role: 'analyst' }, 'my-new-compass']] as const) {
      expect((await patch(change)).statusCode).toBe(200)
      expect((await me(token)).statusCode).toBe(401)
      token = (await signIn('yara', password)).access_token
    }
    expect((await patch({ disabled: true })).json()).toMatchObject({ disabled: true, session_generation: 3 })
    expect((await me(token)).statusCode).toBe(401)
  })
})
