import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, startAuth, type AuthUnderTest } from './auth-app.js'
import { lastEventOn } from './events.js'

describe('registration', () => {
  // No bootstrap admin: this file starts with an empty user table.
  let auth: AuthUnderTest
  let adminToken: string
  let agentToken: string
  let analystToken: string

  const register = async (payload: Record<string, unknown>, token?: string) =>
    await auth.request({ method: 'POST', url: '/register', payload, headers: token === undefined ? {} : bearer(token) })

  beforeAll(async () => {
    auth = await startAuth({ BOOTSTRAP_ADMIN_PASSWORD: '' })
  })

  afterAll(async () => {
    await auth?.close()
  })

  it('makes the first user an admin, whatever role was asked, and says so', async () => {
    const response = await register({ username: 'First.Owner', password: 'owner-password-1', role: 'agent' })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ username: 'First.Owner', role: 'admin', first_user: true, disabled: false, version: 1 })
    expect(body.message).toMatch(/admin/)
    expect(response.headers.location).toBe(`/users/${body.id}`)
    expect(body).not.toHaveProperty('password')
    expect(body).not.toHaveProperty('password_hash')
    adminToken = await auth.tokenOf('first.owner', 'owner-password-1')
  })

  it('publishes auth.user.registered without any secret', async () => {
    const event = await lastEventOn(auth.app, 'auth.user.registered')
    expect(event.data).toEqual(expect.objectContaining({ username: 'First.Owner', role: 'admin', version: 1 }))
    expect(Object.keys(event.data as object).sort()).toEqual(['created_at', 'disabled', 'id', 'role', 'session_generation', 'updated_at', 'username', 'version'])
    expect(JSON.stringify(event)).not.toMatch(/owner-password-1|argon2/)
  })

  it('refuses anonymous registration once a user exists, before looking at the body', async () => {
    const asAdmin = await register({ username: 'sneaky', password: 'sneaky-password', role: 'admin' })
    expect(asAdmin.statusCode).toBe(401)
    expect(asAdmin.json().code).toBe('AUTH_REGISTRATION_NEEDS_ADMIN')
    expect((await register({ nonsense: true })).statusCode).toBe(401)
  })

  it('lets only admins register users', async () => {
    expect((await register({ username: 'agent.one', password: 'agent-password-1' }, adminToken)).json().role).toBe('agent')
    expect((await register({ username: 'analyst.one', password: 'analyst-password-1', role: 'analyst' }, adminToken)).statusCode).toBe(201)
    agentToken = await auth.tokenOf('agent.one', 'agent-password-1')
    analystToken = await auth.tokenOf('analyst.one', 'analyst-password-1')
    for (const token of [agentToken, analystToken]) {
      const escalation = await register({ username: 'my-admin', password: 'my-admin-password', role: 'admin' }, token)
      expect(escalation.statusCode).toBe(403)
      expect(escalation.json().code).toBe('FORBIDDEN')
      expect((await register({ username: 'my-agent', password: 'my-agent-password' }, token)).statusCode).toBe(403)
    }
  })

  it('refuses an unknown role, naming the valid ones', async () => {
    const response = await register({ username: 'someone', password: 'someone-password', role: 'superuser' }, adminToken)
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.json().detail).toContain('admin, agent, analyst')
  })

  it('accepts usernames of 3 to 80 letters, digits, dots, underscores and dashes', async () => {
    for (const username of ['abc', 'a'.repeat(80), 'Jo_Doe-2.x']) {
      expect((await register({ username, password: 'a-long-password-1' }, adminToken)).statusCode, username).toBe(201)
    }
    for (const username of ['ab', 'a'.repeat(81), 'ann smith', 'ann@example.com', 'ännä', '']) {
      const response = await register({ username, password: 'a-long-password-1' }, adminToken)
      expect(response.statusCode, username).toBe(400)
      expect(response.json().errors[0].path).toBe('body/username')
    }
  })

  it('keeps usernames unique without regard to case', async () => {
    expect((await register({ username: 'Carla', password: 'my-password-1' }, adminToken)).statusCode).toBe(201)
    const twin = await register({ username: 'cARLA', password: 'my-password-2' }, adminToken)
    expect(twin.statusCode).toBe(409)
    expect(twin.json().code).toBe('AUTH_USERNAME_TAKEN')
  })

  it('asks for passwords of 12 to 200 characters that are not the username, a common password or a run of characters', async () => {
    const tooShort = await register({ username: 'dora', password: 'eleven-char' }, adminToken)
    expect(tooShort.statusCode).toBe(400)
    expect(tooShort.json().detail).toMatch(/password must not have fewer than 12 characters/)
    expect((await register({ username: 'dora', password: 'x'.repeat(201) }, adminToken)).statusCode).toBe(400)
    const refusals: Array<[string, string, string, RegExp]> = [
      ['dora.explorer', 'DORA.Explorer', 'AUTH_PASSWORD_CONTAINS_USERNAME', /must not contain the username/],
      ['dora', 'i-am-dora-the-explorer', 'AUTH_PASSWORD_CONTAINS_USERNAME', /must not contain the username/],
      ['dora', 'Qwerty123456', 'AUTH_PASSWORD_COMMON', /most common passwords/],
      ['dora', 'aaaaaaaaaaaa', 'AUTH_PASSWORD_PREDICTABLE', /repeats a few characters or runs in sequence/],
      ['dora', '123456789012', 'AUTH_PASSWORD_COMMON', /most common passwords/]
    ]
    for (const [username, password, code, detail] of refusals) {
      const refused = await register({ username, password }, adminToken)
      expect(refused.statusCode, password).toBe(400)
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(refused.json(), password).toMatchObject({ code, detail: expect.stringMatching(detail) })
    }
    expect((await register({ username: 'dora', password: 'olive grove '.repeat(17).slice(0, 200) }, adminToken)).statusCode).toBe(201)
  })

  it('refuses fields it does not know', async () => {
    const response = await register({ username: 'eve', password: 'eve-password-1', is_admin: true }, adminToken)
    expect(response.statusCode).toBe(400)
    expect(response.json().detail).toMatch(/unknown field\(s\): is_admin/)
  })

  it('lists the roles publicly', async () => {
    const response = await auth.request({ method: 'GET', url: '/roles' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual(['admin', 'agent', 'analyst'])
  })
})

describe('the bootstrap admin', () => {
  it('is created at start when missing, and an existing account is left as it is', async () => {
    const auth = await startAuth({ BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'first-admin-secret' })
    try {
      const token = await auth.tokenOf('root', 'first-admin-secret')
      const me = await auth.request({ method: 'GET', url: '/me', headers: bearer(token) })
      expect(me.json()).toMatchObject({ username: 'root', role: 'admin' })
      const anonymous = await auth.request({ method: 'POST', url: '/register', payload: { username: 'late', password: 'late-password' } })
      expect(anonymous.statusCode).toBe(401)

      const changed = await auth.request({ method: 'PATCH', url: `/users/${me.json().user_id}`, headers: bearer(token), payload: { password: 'changed-admin-secret' } })
      expect(changed.statusCode).toBe(200)
      // A second replica (or a restart) with the old settings must not reset the password.
      const { buildApp } = await import('../src/app.js')
      const { loadConfig } = await import('../src/config.js')
      const replica = await buildApp(loadConfig(auth.environment.env))
      try {
        await replica.ready()
        expect((await auth.login('root', 'first-admin-secret')).statusCode).toBe(401)
        expect((await auth.login('ROOT', 'changed-admin-secret')).statusCode).toBe(200)
      } finally {
        await replica.close()
      }
      // Nor is the setting held to the password rules then: it is not the account's password, and a start
      // that checks nothing need not load the breach list.
      const onTheBreachList = await buildApp(loadConfig({ ...auth.environment.env, BOOTSTRAP_ADMIN_PASSWORD: 'qwerty123456' }))
      try {
        await onTheBreachList.ready()
        expect((await auth.login('root', 'changed-admin-secret')).statusCode).toBe(200)
      } finally {
        await onTheBreachList.close()
      }
    } finally {
      await auth.close()
    }
  })

  it('must have a password that is not its name', async () => {
    await expect(startAuth({ BOOTSTRAP_ADMIN_USERNAME: 'administrator', BOOTSTRAP_ADMIN_PASSWORD: 'Administrator' })).rejects.toThrow(/password must not contain the username/)
  })
})
