import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '@travel-crm/contracts'
import { byNumber, byText, expectSortsBy } from '@travel-crm/testkit'
import { bearer, startAuth, type AuthUnderTest } from './auth-app.js'
import { lastEventOn } from './events.js'

describe('user management', () => {
  let auth: AuthUnderTest
  let adminToken: string
  let adminId: number

  const patch = async (id: number, payload: Record<string, unknown>, token = adminToken, headers: Record<string, string> = {}) =>
    await auth.request({ method: 'PATCH', url: `/users/${id}`, headers: { ...bearer(token), ...headers }, payload })
  const remove = async (id: number, token = adminToken) => await auth.request({ method: 'DELETE', url: `/users/${id}`, headers: bearer(token) })

  beforeAll(async () => {
    auth = await startAuth()
    adminToken = await auth.tokenOf(auth.admin.username, auth.admin.password)
    adminId = (await auth.request({ method: 'GET', url: '/me', headers: bearer(adminToken) })).json().user_id
  })

  afterAll(async () => {
    await auth?.close()
  })

  it('lists users page by page, without secrets', async () => {
    for (const name of ['lena', 'luis', 'lars']) await auth.aUser({ username: name })
    const first = await auth.request({ method: 'GET', url: '/users?limit=2', headers: bearer(adminToken) })
    expect(first.statusCode).toBe(200)
    expect(first.headers['x-total-count']).toBe('4')
    expect(first.headers.link).toBe('</users?limit=2&offset=2>; rel="next"')
    const users = first.json()
    expect(users.map((user: { username: string }) => user.username)).toEqual(['boss', 'lena'])
    expect(Object.keys(users[1]).sort()).toEqual(['created_at', 'created_by', 'disabled', 'id', 'role', 'session_generation', 'updated_at', 'updated_by', 'username', 'version'])
    expect(first.body).not.toMatch(/argon2|password/)

    const last = await auth.request({ method: 'GET', url: '/users?limit=2&offset=2', headers: bearer(adminToken) })
    expect(last.json()).toHaveLength(2)
    expect(last.headers.link).toBeUndefined()
    expect((await auth.request({ method: 'GET', url: '/users?limit=501', headers: bearer(adminToken) })).statusCode).toBe(400)
  })

  it('sorts the users by each column of the list, ties by id', async () => {
    await auth.aUser({ username: 'carla', role: 'analyst' })
    await auth.aUser({ username: 'ada', role: 'agent' })
    const list = async (query: string) => await auth.request({ method: 'GET', url: `/users?${query}`, headers: bearer(adminToken) })
    await expectSortsBy<User>(list, '', {
      id: byNumber((user) => user.id),
      username: byText((user) => user.username),
      role: byText((user) => user.role),
      created_at: byText((user) => user.created_at),
      updated_at: byText((user) => user.updated_at)
    })
  })

  it('changes a role and publishes auth.user.updated without secrets', async () => {
    const id = await auth.aUser({ username: 'mira' })
    const response = await patch(id, { role: 'analyst' })
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBe('"2"')
    expect(response.json()).toMatchObject({ id, role: 'analyst', version: 2, updated_by: adminId })
    const event = await lastEventOn(auth.app, 'auth.user.updated')
    expect(event).toMatchObject({ subject: `user/${id}`, actorid: String(adminId), data: { id, role: 'analyst', version: 2 } })

    const secret = await patch(id, { password: 'a-brand-new-secret' })
    expect(secret.statusCode).toBe(200)
    const afterPassword = await lastEventOn(auth.app, 'auth.user.updated', event.seq)
    expect(afterPassword.data).toMatchObject({ id, version: 3 })
    expect(JSON.stringify(afterPassword)).not.toMatch(/a-brand-new-secret|argon2|password/)
  })

  it('checks If-Match against the version, strongly, with auth\'s own code, on changes and deletes alike', async () => {
    const id = await auth.aUser({ username: 'ines' })
    const stale = await patch(id, { role: 'analyst' }, adminToken, { 'if-match': '"7"' })
    expect(stale.statusCode).toBe(412)
    expect(stale.json()).toMatchObject({ code: 'AUTH_STALE_VERSION', detail: `User ${id} is at version 1, not the one in If-Match ("7"): read it again` })
    // A weak tag never matches (RFC 9110 compares If-Match strongly), as in every other service.
    expect((await patch(id, { role: 'analyst' }, adminToken, { 'if-match': 'W/"1"' })).json()).toMatchObject({ code: 'AUTH_STALE_VERSION' })
    expect((await patch(id, { role: 'analyst' }, adminToken, { 'if-match': '"1"' })).statusCode).toBe(200)
    const staleDelete = await auth.request({ method: 'DELETE', url: `/users/${id}`, headers: { ...bearer(adminToken), 'if-match': '"1"' } })
    expect(staleDelete.json()).toMatchObject({ status: 412, code: 'AUTH_STALE_VERSION' })
  })

  it('refuses empty, unknown and ill-formed changes', async () => {
    const id = await auth.aUser({ username: 'olaf' })
    expect((await patch(id, {})).statusCode).toBe(400)
    expect((await patch(id, { username: 'renamed' })).statusCode).toBe(400)
    expect((await patch(id, { role: 'owner' })).json().detail).toContain('admin, agent, analyst')
    expect((await patch(id, { password: 'short' })).statusCode).toBe(400)
    expect((await patch(id, { password: 'OLAF' + '' })).statusCode).toBe(400)
    const sameAsName = await auth.aUser({ username: 'olaf.the.long' })
    expect((await patch(sameAsName, { password: 'Olaf.The.Long' })).json().code).toBe('AUTH_PASSWORD_CONTAINS_USERNAME')
    expect((await patch(sameAsName, { password: 'leavemealone' })).json().code).toBe('AUTH_PASSWORD_COMMON')
    expect((await patch(999_999, { role: 'agent' })).json().code).toBe('AUTH_USER_NOT_FOUND')
    expect((await remove(999_999)).statusCode).toBe(404)
  })

  it('keeps agents and analysts from managing users, and from making themselves admin', async () => {
    const agentId = await auth.aUser({ username: 'pablo', password: 'my-password-1' })
    await auth.aUser({ username: 'petra', password: 'my-password-1', role: 'analyst' })
    for (const [name, password] of [['pablo', 'my-password-1'], ['petra', 'my-password-1']] as const) {
      const token = await auth.tokenOf(name, password)
      expect((await patch(agentId, { role: 'admin' }, token)).statusCode).toBe(403)
      expect((await remove(adminId, token)).statusCode).toBe(403)
      expect((await auth.request({ method: 'GET', url: '/users', headers: bearer(token) })).statusCode).toBe(403)
    }
    expect((await patch(agentId, { role: 'admin' }, '')).statusCode).toBe(401)
    expect((await auth.request({ method: 'PATCH', url: `/users/${agentId}`, payload: { role: 'admin' } })).statusCode).toBe(401)
    expect((await auth.request({ method: 'GET', url: '/me' })).statusCode).toBe(401)
  })

  it('never lets the last active admin be demoted, disabled or deleted', async () => {
    for (const change of [{ role: 'agent' }, { disabled: true }]) {
      const response = await patch(adminId, change)
      expect(response.statusCode).toBe(409)
      expect(response.json().code).toBe('AUTH_LAST_ADMIN')
    }
    expect((await remove(adminId)).json().code).toBe('AUTH_LAST_ADMIN')

    // A disabled admin is no admin: it does not count as a second one.
    const sleeper = await auth.aUser({ username: 'quinn', role: 'admin' })
    expect((await patch(sleeper, { disabled: true })).statusCode).toBe(200)
    expect((await patch(adminId, { role: 'agent' })).statusCode).toBe(409)
    expect((await patch(sleeper, { role: 'agent' })).statusCode).toBe(200)

    // With a second active admin, the first may step down; then the second is the last one.
    const deputy = await auth.aUser({ username: 'rosa', password: 'my-password-1', role: 'admin' })
    const deputyToken = await auth.tokenOf('rosa', 'my-password-1')
    const demoted = await patch(adminId, { role: 'agent' }, deputyToken)
    expect(demoted.statusCode).toBe(200)
    expect((await remove(deputy, deputyToken)).statusCode).toBe(409)
    // A new role ends the demoted admin's sessions: the token that still says admin is refused outright.
    expect((await auth.request({ method: 'GET', url: '/users', headers: bearer(adminToken) })).json().code).toBe('AUTH_ACCOUNT_INACTIVE')
    expect((await patch(adminId, { role: 'admin' }, adminToken)).statusCode).toBe(401)
    // Signed in again as the agent it now is, it still cannot manage users.
    const asAgent = await auth.tokenOf(auth.admin.username, auth.admin.password)
    expect((await auth.request({ method: 'GET', url: '/users', headers: bearer(asAgent) })).statusCode).toBe(403)
    expect((await patch(adminId, { role: 'admin' }, deputyToken)).statusCode).toBe(200)
    adminToken = await auth.tokenOf(auth.admin.username, auth.admin.password)
  })

  it('deletes a user and publishes auth.user.deleted', async () => {
    const token = await auth.tokenOf('rosa', 'my-password-1')
    const id = await auth.aUser({ username: 'tomas' })
    expect((await auth.request({ method: 'DELETE', url: `/users/${id}`, headers: { ...bearer(token), 'if-match': '"1"' } })).statusCode).toBe(204)
    const event = await lastEventOn(auth.app, 'auth.user.deleted')
    expect(event).toMatchObject({ subject: `user/${id}`, data: { id, username: 'tomas', version: 2 } })
    expect((await remove(id, token)).statusCode).toBe(404)
  })

  it('lets only one of two admins demote the other at the same moment', async () => {
    // boss and rosa are the two active admins now; each tries to demote the other.
    const rosaToken = await auth.tokenOf('rosa', 'my-password-1')
    const rosaId = (await auth.request({ method: 'GET', url: '/me', headers: bearer(rosaToken) })).json().user_id
    const results = await Promise.all([patch(rosaId, { role: 'agent' }, adminToken), patch(adminId, { role: 'agent' }, rosaToken)])
    const statuses = results.map((response) => response.statusCode).sort()
    expect(statuses[0]).toBe(200)
    // The loser is either refused as the last admin or, if it came second, no longer an admin: its demotion
    // ended its sessions, so its token is refused.
    expect([401, 409]).toContain(statuses[1])
    const survivorToken = results[0]?.statusCode === 200 ? adminToken : rosaToken
    const users = (await auth.request({ method: 'GET', url: '/users?limit=500', headers: bearer(survivorToken) })).json()
    expect(users.filter((user: { role: string, disabled: boolean }) => user.role === 'admin' && !user.disabled)).toHaveLength(1)
  })
})
