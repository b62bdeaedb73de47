import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Traveller, Trip } from '@travel-crm/contracts'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import { ConfigError } from '@travel-crm/service-kit/http'
import { createServiceEnvironment, startTokenIssuer, type ServiceEnvironment, type TokenIssuer } from '@travel-crm/testkit'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { aClient, aTraveller, aTrip } from './fixtures.js'

const CRM = fileURLToPath(new URL('../', import.meta.url))
const OLD_KEYS = `old:${randomBytes(32).toString('base64')}`
const NEW_KEYS = `new:${randomBytes(32).toString('base64')},${OLD_KEYS}`

/** `pnpm --filter crm rotate-passport-key`, as an operator runs it: its own process, the crm's environment. */
async function rotate (env: Record<string, string>): Promise<{ code: number | null, output: string }> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'src/rotate-passport-key.ts'], { cwd: CRM, env: { ...process.env, ...env } })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, output }
}

describe('passport keys', () => {
  let environment: ServiceEnvironment
  let issuer: TokenIssuer
  const apps: ServiceApp[] = []

  async function crmWith (keys: string): Promise<ServiceApp> {
    const app = await buildApp(loadConfig({ ...environment.env, CRM_PASSPORT_KEYS: keys }))
    await app.ready()
    apps.push(app)
    return app
  }

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    environment = await createServiceEnvironment({ AUTH_URL: issuer.url })
  })
  afterAll(async () => {
    for (const app of apps) await app.close()
    await issuer?.close()
    await environment?.cleanup()
  })

  it('rotate-passport-key seals every number, and every kept answer, with the new key; the old key may then go', async () => {
    const authorization = `Bearer ${issuer.token('agent')}`
    const before = await crmWith(OLD_KEYS)
    const client = (await before.inject({ method: 'POST', url: '/clients', headers: { authorization }, payload: aClient() })).json<{ id: number }>()
    const trip = (await before.inject({ method: 'POST', url: '/trips', headers: { authorization }, payload: aTrip(client.id) })).json<Trip>()
    const numbers = ['R0000001', 'R0000002', 'R0000003']
    const travellers: Traveller[] = []
    for (const [index, number] of numbers.entries()) {
      const response = await before.inject({
        method: 'POST', url: `/trips/${trip.id}/travellers`, headers: { authorization, 'idempotency-key': `rotation-${index}` }, payload: aTraveller({ passport_number: number })
      })
      travellers.push(response.json<Traveller>())
    }
    await before.inject({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers: { authorization }, payload: aTraveller({ passport_number: null }) })
    await before.close()

    // The new key first: crm reads both while the rotation runs, and writes with the new one.
    const during = await crmWith(NEW_KEYS)
    const added = (await during.inject({ method: 'POST', url: `/trips/${trip.id}/travellers`, headers: { authorization }, payload: aTraveller({ passport_number: 'R0000004' }) })).json<Traveller>()
    const keyIds = async () => (await during.orm.em.fork().execute<Array<{ passport_key_id: string | null }>>(
      'select passport_key_id from traveller order by id')).map((row) => row.passport_key_id)
    expect(await keyIds()).toEqual(['old', 'old', 'old', null, 'new'])

    const run = await rotate({ ...environment.env, CRM_PASSPORT_KEYS: NEW_KEYS })
    expect(run.code, run.output).toBe(0)
    expect(run.output).toContain('3 passport number(s) and 3 remembered answer(s) sealed again with key new')
    expect(await keyIds()).toEqual(['new', 'new', 'new', null, 'new'])
    await during.close()

    // Without the old key every number still reads whole, and a retried POST still gets its first answer.
    const after = await crmWith(NEW_KEYS.split(',')[0] as string)
    for (const [index, traveller] of [...travellers, added].entries()) {
      const read = await after.inject({ method: 'GET', url: `/trips/${trip.id}/travellers/${traveller.id}`, headers: { authorization } })
      expect(read.json<Traveller>()).toMatchObject({ passport_number: [...numbers, 'R0000004'][index], version: 1 })
    }
    const replay = await after.inject({
      method: 'POST', url: `/trips/${trip.id}/travellers`, headers: { authorization, 'idempotency-key': 'rotation-0' }, payload: aTraveller({ passport_number: 'R0000001' })
    })
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.json()).toEqual(travellers[0])
  })

  it('refuses keys that are malformed, short or given twice, and the development key in production', () => {
    const key = randomBytes(32).toString('base64')
    for (const keys of ['nokey', `Upper:${key}`, `a:${randomBytes(16).toString('base64')}`, `a:${key},a:${key}`]) {
      expect(() => loadConfig({ CRM_PASSPORT_KEYS: keys }), keys).toThrow(ConfigError)
    }
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db/x', SERVICE_DB_PASSWORD: 'a-real-password', GATEWAY_SECRET: 'a-real-gateway-secret-of-24+' }
    expect(() => loadConfig(production)).toThrow(/CRM_PASSPORT_KEYS must be set when NODE_ENV=production/)
    const development = 'ZGV2LW9ubHktY3JtLXBhc3Nwb3J0LWtleS0wMDAwMDE='
    expect(() => loadConfig({ ...production, CRM_PASSPORT_KEYS: `live:${key},retired:${development}` })).toThrow(/must not hold the development key/)
    expect(loadConfig({ ...production, CRM_PASSPORT_KEYS: `live:${key}` }).passportKeys.currentId).toBe('live')
  })
})
