import { generateKeyPairSync } from 'node:crypto'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { createServiceEnvironment, type ServiceEnvironment } from '@travel-crm/testkit'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

export interface AuthUnderTest {
  app: ServiceApp
  environment: ServiceEnvironment
  /** The signing key auth was given (PKCS#8 PEM), so tests can forge tokens that differ in one claim only. */
  privateKeyPem: string
  admin: { username: string, password: string }
  request: (options: InjectOptions) => Promise<LightMyRequestResponse>
  login: (username: string, password: string, address?: string) => Promise<LightMyRequestResponse>
  /** Logs in and returns the access token. */
  tokenOf: (username: string, password: string) => Promise<string>
  /** An admin registers a user; returns its id. */
  aUser: (fields: { username: string, password?: string, role?: string }) => Promise<number>
  close: () => Promise<void>
}

export function newEd25519PrivateKey (): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
}

/** An auth service on its own database and stream, with a bootstrap admin. */
export async function startAuth (env: Record<string, string> = {}): Promise<AuthUnderTest> {
  const privateKeyPem = env['JWT_PRIVATE_KEY'] ?? newEd25519PrivateKey()
  const admin = { username: 'boss', password: 'the-agency-keys-1' }
  const environment = await createServiceEnvironment({
    JWT_PRIVATE_KEY: privateKeyPem,
    BOOTSTRAP_ADMIN_USERNAME: admin.username,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    ...env
  })
  let app: ServiceApp | undefined
  try {
    app = await buildApp(loadConfig(environment.env))
    await app.ready()
  } catch (error) {
    // A start that fails (some tests expect it to) leaves no database, role or stream behind.
    await app?.close().catch(() => undefined)
    await environment.cleanup()
    throw error
  }
  const request = async (options: InjectOptions) => await app.inject(options)
  const login = async (username: string, password: string, address = '127.0.0.1') =>
    await app.inject({ method: 'POST', url: '/login', payload: { username, password }, remoteAddress: address })
  const tokenOf = async (username: string, password: string) => {
    const response = await login(username, password)
    if (response.statusCode !== 200) throw new Error(`login of ${username} failed: ${response.body}`)
    return (response.json() as { access_token: string }).access_token
  }
  return {
    app,
    environment,
    privateKeyPem,
    admin,
    request,
    login,
    tokenOf,
    aUser: async ({ username, password = 'a-good-long-secret', role = 'agent' }) => {
      // Signed in afresh each time: a test may have ended the admin's earlier sessions.
      const adminToken = await tokenOf(admin.username, admin.password)
      const response = await request({ method: 'POST', url: '/register', headers: { authorization: `Bearer ${adminToken}` }, payload: { username, password, role } })
      if (response.statusCode !== 201) throw new Error(`registering ${username} failed: ${response.body}`)
      return (response.json() as { id: number }).id
    },
    close: async () => {
      await app.close()
      await environment.cleanup()
    }
  }
}

export function bearer (token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}
