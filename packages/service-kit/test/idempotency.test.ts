import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions } from 'fastify'
import { Type } from 'typebox'
import { StrictObject } from '@travel-crm/contracts'
import { createServiceEnvironment, createTestDatabase, startTokenIssuer, testInfrastructure, type ServiceEnvironment, type TokenIssuer } from '@travel-crm/testkit'
import { Problems } from '../src/http/index.js'
import { createOrm, migrate, Migration, provisionServiceSchema } from '../src/data/index.js'
import { createdResponse, purgeExpiredKeys, respondOnce, type ServiceApp } from '../src/messaging/index.js'
import { buildKitService } from './test-service.js'

class Bookings20270101000000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('create table booking (id integer generated always as identity primary key, name text not null)')
  }
}

const BookingBody = StrictObject({ name: Type.String(), nights: Type.Optional(Type.Integer()) })

/**
 * A service under crm's name (its POST routes are in the policy table) whose creates write a booking and its
 * event; a booking named "refused" breaks a rule after writing, so the transaction rolls back.
 */
async function buildBookingService (env: Record<string, string>): Promise<ServiceApp> {
  return await buildKitService(env, {
    persistence: { entities: [], migrations: [{ name: 'Bookings20270101000000', class: Bookings20270101000000 }] },
    routes: async (app) => {
      for (const url of ['/clients', '/trips']) {
        app.post(url, { schema: { body: BookingBody } }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
          const [row] = await em.execute<Array<{ id: number }>>('insert into booking (name) values (?) returning id', [request.body.name])
          const id = Number(row?.id)
          await events.emit({ subject: 'crm.client.created', about: `client/${id}`, data: { id, version: 1 } })
          if (request.body.name === 'refused') throw new Problems.unprocessable('refused after writing')
          return createdResponse(`${url}/${id}`, 1, { id, name: request.body.name })
        }))
      }
    }
  })
}

describe('respondOnce (Idempotency-Key)', () => {
  let environment: ServiceEnvironment
  let issuer: TokenIssuer
  let app: ServiceApp
  let keys = 0
  const aKey = () => `booking-${process.pid}-${keys++}`

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    environment = await createServiceEnvironment({ AUTH_URL: issuer.url })
    app = await buildBookingService(environment.env)
    await app.ready()
  })

  afterAll(async () => {
    await app?.close()
    await issuer?.close()
    await environment?.cleanup()
  })

  async function count (table: 'booking' | 'outbox' | 'idempotency_key'): Promise<number> {
    const [row] = await app.orm.em.fork().execute<Array<{ count: string }>>(`select count(*) as count from ${table}`)
    return Number(row?.count)
  }

  async function post (payload: object, key?: string, options: { url?: string, userId?: number } = {}) {
    const request: InjectOptions = {
      method: 'POST',
      url: options.url ?? '/clients',
      headers: { authorization: `Bearer ${issuer.token('agent', { userId: options.userId ?? 2 })}`, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload
    }
    return await app.inject(request)
  }

  it('runs the change every time when no key is given', async () => {
    const before = await count('booking')
    const [first, second] = [await post({ name: 'Ana' }), await post({ name: 'Ana' })]
    expect([first.statusCode, second.statusCode]).toEqual([201, 201])
    expect(first.json().id).not.toBe(second.json().id)
    expect(await count('booking')).toBe(before + 2)
  })

  it('answers a retry with the first status, body, Location and ETag, even with the fields reordered, and changes nothing', async () => {
    const key = aKey()
    const first = await post({ name: 'Ana', nights: 3 }, key)
    expect(first.statusCode).toBe(201)
    expect(first.headers).toMatchObject({ location: `/clients/${first.json().id}`, etag: '"1"' })
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    const before = { bookings: await count('booking'), outbox: await count('outbox') }

    const retry = await post({ nights: 3, name: 'Ana' }, key)
    expect(retry.statusCode).toBe(201)
    expect(retry.body).toBe(first.body)
    expect(retry.headers).toMatchObject({ location: first.headers['location'], etag: '"1"', 'idempotent-replayed': 'true' })
    expect(retry.headers['content-type']).toMatch(/^application\/json/)
    expect({ bookings: await count('booking'), outbox: await count('outbox') }).toEqual(before)
  })

  it('refuses the key with another body, another route or another user (422), changing nothing', async () => {
    const key = aKey()
    expect((await post({ name: 'Ana' }, key)).statusCode).toBe(201)
    const before = { bookings: await count('booking'), outbox: await count('outbox') }
    for (const response of [await post({ name: 'Bea' }, key), await post({ name: 'Ana' }, key, { url: '/trips' }), await post({ name: 'Ana' }, key, { userId: 5 })]) {
      expect(response.statusCode).toBe(422)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(response.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    }
    expect({ bookings: await count('booking'), outbox: await count('outbox') }).toEqual(before)
  })

  it('makes one change for ten concurrent requests with one key, answering all ten alike', async () => {
    const key = aKey()
    const before = await count('booking')
    const responses = await Promise.all(Array.from({ length: 10 }, async () => await post({ name: 'Cai' }, key)))
    expect(responses.map((response) => response.statusCode)).toEqual(Array(10).fill(201))
    expect(new Set(responses.map((response) => response.body)).size).toBe(1)
    expect(await count('booking')).toBe(before + 1)
  })

  it('keeps no key for a refused change, so a corrected request may use it', async () => {
    const key = aKey()
    const keysBefore = await count('idempotency_key')
    const refused = await post({ name: 'refused' }, key)
    expect(refused.statusCode).toBe(422)
    expect(refused.json().code).toBe('RULE_VIOLATED')
    expect(await count('idempotency_key')).toBe(keysBefore)
    expect((await post({ name: 'Dora' }, key)).statusCode).toBe(201)
  })

  it('refuses keys that are empty, too long or not visible ASCII, before changing anything', async () => {
    const before = await count('booking')
    for (const key of ['', 'has space', 'k'.repeat(256), 'naïve']) {
      const response = await post({ name: 'Eva' }, key)
      expect(response.statusCode, JSON.stringify(key)).toBe(400)
      expect(response.json().code).toBe('IDEMPOTENCY_KEY_INVALID')
    }
    expect((await post({ name: 'Eva' }, 'k'.repeat(255))).statusCode).toBe(201)
    expect(await count('booking')).toBe(before + 1)
  })

  it('forgets keys after two days, and then runs the change again', async () => {
    const key = aKey()
    const first = await post({ name: 'Fay' }, key)
    const age = async (hours: number) => {
      await app.orm.em.fork().execute(`update idempotency_key set created_at = now() - interval '${hours} hours' where key = ?`, [key])
    }
    await age(47)
    expect((await post({ name: 'Fay' }, key)).body).toBe(first.body)
    expect(await purgeExpiredKeys(app.orm.em.fork())).toBe(0)
    await age(49)
    const again = await post({ name: 'Fay' }, key)
    expect(again.json().id).not.toBe(first.json().id)
    await age(49)
    expect(await purgeExpiredKeys(app.orm.em.fork())).toBe(1)
  })
})

describe('KitIdempotency20261126010000', () => {
  it('adopts the idempotency_key table that billing\'s own migration made before the kit owned it, keys and all', async () => {
    const database = await createTestDatabase(testInfrastructure().databaseUrl)
    try {
      const schema = await provisionServiceSchema(database.url, 'billing', 'idempotency-test-secret')
      const open = async () => await createOrm({ ...schema, entities: [], migrations: [], log: () => {} })
      let orm = await open()
      await migrate(orm, schema.schema)
      // The schema as billing left it: its table (as its migration wrote it) with a key, the kit migration not run.
      await orm.em.fork().execute(`drop table idempotency_key;
        create table idempotency_key (
          key varchar(255) primary key,
          fingerprint char(64) not null,
          status_code integer null,
          response_body text null,
          response_headers jsonb not null default '{}',
          created_at timestamptz not null default now());
        create index idempotency_key_created_at on idempotency_key (created_at);
        insert into idempotency_key (key, fingerprint, status_code, response_body) values ('paid-once', repeat('0', 64), 201, '{}');
        delete from mikro_orm_migrations where name = 'KitIdempotency20261126010000'`)
      await orm.close(true)

      orm = await open()
      try {
        expect(await migrate(orm, schema.schema)).toEqual(['KitIdempotency20261126010000'])
        const rows = await orm.em.fork().execute<Array<{ key: string }>>('select key from idempotency_key')
        expect(rows.map((row) => row.key)).toEqual(['paid-once'])
      } finally {
        await orm.close(true)
      }
    } finally {
      await database.drop()
    }
  })
})
