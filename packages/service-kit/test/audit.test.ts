import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineEntity, type InferEntity } from '@mikro-orm/core'
import type { MikroORM } from '@mikro-orm/postgresql'
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { Audit } from '@travel-crm/contracts'
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@travel-crm/testkit'
import { auditFields, auditProperties, createdBy, markChanged, createOrm, migrate, Migration, provisionServiceSchema } from '../src/data/index.js'

const p = defineEntity.properties

const Booking = defineEntity({
  name: 'Booking',
  tableName: 'booking',
  properties: { id: p.integer().primary().autoincrement(), ...auditProperties }
})
type Booking = InferEntity<typeof Booking>

/** The audit columns as the services' migrations write them. */
class Bookings20270101000000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table booking (
      id integer generated always as identity primary key,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by integer null,
      updated_by integer null,
      version integer not null default 1 check (version >= 1))`)
  }
}

describe('audit fields', () => {
  const created = new Date('2027-03-01T10:00:00.000Z')
  const changed = new Date('2027-03-02T11:30:00.000Z')

  it('start a record at version 1, made and last changed by the same user at the same moment', () => {
    expect(createdBy(7, created)).toEqual({ createdAt: created, updatedAt: created, createdBy: 7, updatedBy: 7, version: 1 })
    expect(createdBy(null, created)).toMatchObject({ createdBy: null, updatedBy: null })
    const now = createdBy(7)
    expect(now.createdAt).toBe(now.updatedAt)
  })

  it('give every change a new version, its user and its moment, keeping who made the record', () => {
    const record = createdBy(7, created)
    markChanged(record, 9, changed)
    expect(record).toEqual({ createdAt: created, updatedAt: changed, createdBy: 7, updatedBy: 9, version: 2 })
    markChanged(record, null, changed)
    expect(record).toMatchObject({ updatedBy: null, version: 3 })
  })

  it('are spelled as the contracts spell them, with ISO UTC timestamps and null for nobody', () => {
    const record = { ...createdBy(7, created), createdBy: undefined }
    markChanged(record, 9, changed)
    const fields = auditFields(record)
    expect(fields).toEqual({ created_at: '2027-03-01T10:00:00.000Z', updated_at: '2027-03-02T11:30:00.000Z', created_by: null, updated_by: 9, version: 2 })
    expect(Value.Check(Type.Object(Audit), fields)).toBe(true)
  })

  describe('as MikroORM properties', () => {
    let database: TestDatabase
    let orm: MikroORM

    beforeAll(async () => {
      database = await createTestDatabase(testInfrastructure().databaseUrl)
      const schema = await provisionServiceSchema(database.url, 'crm', 'audit-test-secret')
      orm = await createOrm({ ...schema, entities: [Booking], migrations: [{ name: 'Bookings20270101000000', class: Bookings20270101000000 }], log: () => {} })
      await migrate(orm, schema.schema)
    })

    afterAll(async () => {
      await orm?.close(true)
      await database?.drop()
    })

    it('map to timestamptz and integer columns and come back as they were written', async () => {
      const em = orm.em.fork()
      const booking: Booking = em.create(Booking, createdBy(7, created))
      await em.flush()
      markChanged(booking, 9, changed)
      await em.flush()

      const read = await orm.em.fork().findOneOrFail(Booking, { id: booking.id })
      expect(read.createdAt).toEqual(created)
      expect(read.updatedAt).toEqual(changed)
      expect(auditFields(read)).toEqual({ created_at: created.toISOString(), updated_at: changed.toISOString(), created_by: 7, updated_by: 9, version: 2 })
    })
  })
})
