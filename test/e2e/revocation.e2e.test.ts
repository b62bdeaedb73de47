import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caller, startStack, type Call, type Stack } from '@travel-crm/testkit'

/**
 * Every way an admin or a user ends access, against the real stack: the earlier access token must stop
 * working at the gateway and straight at every service within a second of auth's answer.
 */
describe('access ends when an admin says so', () => {
  let stack: Stack
  let call: Call
  let adminToken: string
  let counter = 0

  /** Where a token is presented, and a read every role may make there (any answer but 401 means honoured). */
  const doors = () => ({
    gateway: { url: stack.gatewayUrl, path: '/clients' },
    auth: { url: stack.urls.auth, path: '/me' },
    crm: { url: stack.urls.crm, path: '/clients' },
    billing: { url: stack.urls.billing, path: '/invoices' },
    reporting: { url: stack.urls.reporting, path: '/clients/1/details' }
  })

  async function signIn (username: string, password: string): Promise<string> {
    const response = await call('POST', '/login', { body: { username, password } })
    expect(response.status, response.text).toBe(200)
    return response.body.access_token as string
  }

  async function aUser (role: string): Promise<{ id: number, username: string, password: string, token: string }> {
    counter += 1
    const username = `traveller${counter}`
    const password = `walks-the-coast-${counter}`
    const response = await call('POST', '/register', { token: adminToken, body: { username, password, role } })
    expect(response.status, response.text).toBe(201)
    return { id: response.body.id as number, username, password, token: await signIn(username, password) }
  }

  async function statusAt (door: { url: string, path: string }, token: string): Promise<number> {
    return (await call('GET', door.path, { token, baseUrl: door.url })).status
  }

  /** Milliseconds from the end of `act` until each door refuses the token (401). */
  async function refusalTimes (token: string, act: () => Promise<void>): Promise<Record<string, number>> {
    for (const [name, door] of Object.entries(doors())) expect(await statusAt(door, token), `${name} before`).not.toBe(401)
    await act()
    const start = Date.now()
    const times = await Promise.all(Object.entries(doors()).map(async ([name, door]) => {
      for (;;) {
        if (await statusAt(door, token) === 401) return [name, Date.now() - start] as const
        if (Date.now() - start > 5000) return [name, Infinity] as const
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    }))
    return Object.fromEntries(times)
  }

  beforeAll(async () => {
    stack = await startStack()
    call = caller(stack.gatewayUrl)
    adminToken = await signIn(stack.admin.username, stack.admin.password)
  })

  afterAll(async () => {
    await stack?.stop()
  })

  const actions: Array<[string, string, (user: { id: number, token: string }) => Promise<void>]> = [
    ['disabling the user', 'agent', async (user) => { expect((await call('PATCH', `/users/${user.id}`, { token: adminToken, body: { disabled: true } })).status).toBe(200) }],
    ['deleting the user', 'agent', async (user) => { expect((await call('DELETE', `/users/${user.id}`, { token: adminToken })).status).toBe(204) }],
    ['demoting an admin to analyst', 'admin', async (user) => { expect((await call('PATCH', `/users/${user.id}`, { token: adminToken, body: { role: 'analyst' } })).status).toBe(200) }],
    ['changing the password', 'agent', async (user) => { expect((await call('PATCH', `/users/${user.id}`, { token: adminToken, body: { password: 'a-wholly-new-passphrase' } })).status).toBe(200) }],
    ['logging out everywhere', 'agent', async (user) => { expect((await call('DELETE', '/me/sessions', { token: user.token })).status).toBe(204) }],
    ['an admin\'s revoke', 'analyst', async (user) => { expect((await call('DELETE', `/users/${user.id}/sessions`, { token: adminToken })).status).toBe(204) }]
  ]

  for (const [what, role, act] of actions) {
    it(`ends earlier access tokens everywhere within a second after ${what}`, async () => {
      const user = await aUser(role)
      const times = await refusalTimes(user.token, async () => { await act(user) })
      for (const [door, elapsed] of Object.entries(times)) expect(elapsed, `${door} after ${what}`).toBeLessThan(1000)
    })
  }

  it('honours the token of the next login at once', async () => {
    const user = await aUser('agent')
    expect((await call('DELETE', '/me/sessions', { token: user.token })).status).toBe(204)
    const next = await signIn(user.username, user.password)
    for (const [name, door] of Object.entries(doors())) expect(await statusAt(door, next), name).not.toBe(401)
  })

  it('refuses a demoted admin\'s earlier token for what only admins may do, straight at the service too', async () => {
    const user = await aUser('admin')
    const client = await call('POST', '/clients', { token: user.token, body: { name: 'Dora Demoted', email: 'dora@example.com', phone: '555 0101' } })
    expect(client.status, client.text).toBe(201)
    expect((await call('PATCH', `/users/${user.id}`, { token: adminToken, body: { role: 'analyst' } })).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect((await call('DELETE', `/clients/${client.body.id as number}`, { token: user.token, baseUrl: stack.urls.crm })).status).toBe(401)
    expect((await call('DELETE', `/clients/${client.body.id as number}`, { token: user.token })).status).toBe(401)
    expect((await call('GET', `/clients/${client.body.id as number}`, { token: adminToken })).status).toBe(200)
  })
})
