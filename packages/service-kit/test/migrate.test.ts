import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@travel-crm/testkit'
import { createOrm, migrate, Migration, provisionServiceSchema, type ServiceDatabase, type ServiceMigration } from '../src/data/index.js'

class Trips20270101000000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('create table trip (id integer generated always as identity primary key)')
  }
}

class TripNames20270102000000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('alter table trip add column name text')
  }
}

const TRIPS = { name: 'Trips20270101000000', class: Trips20270101000000 }
const TRIP_NAMES = { name: 'TripNames20270102000000', class: TripNames20270102000000 }

describe('migrate', () => {
  let database: TestDatabase
  let schema: ServiceDatabase

  beforeAll(async () => {
    database = await createTestDatabase(testInfrastructure().databaseUrl)
    schema = await provisionServiceSchema(database.url, 'crm', 'migrate-test-secret')
  })

  afterAll(async () => {
    await database?.drop()
  })

  /** A process starting with these migrations: what it applied, and whether it had to load the migrator. */
  async function start (migrations: ServiceMigration[]): Promise<{ applied: string[], migratorLoaded: boolean }> {
    const orm = await createOrm({ ...schema, entities: [], migrations, log: () => {} })
    try {
      const applied = await migrate(orm, schema.schema)
      return { applied, migratorLoaded: orm.config.getExtension('@mikro-orm/migrator') !== undefined }
    } finally {
      await orm.close(true)
    }
  }

  it('runs the kit\'s migrations and then the service\'s on a new schema', async () => {
    expect(await start([TRIPS])).toEqual({ applied: ['KitTables20261126000000', 'KitIdempotency20261126010000', 'Trips20270101000000'], migratorLoaded: true })
  })

  it('runs only a migration added since, on a schema that has the others', async () => {
    expect(await start([TRIPS, TRIP_NAMES])).toEqual({ applied: ['TripNames20270102000000'], migratorLoaded: true })
  })

  it('leaves the migrator unloaded when every migration has run: a restart costs one query', async () => {
    expect(await start([TRIPS, TRIP_NAMES])).toEqual({ applied: [], migratorLoaded: false })
  })
})
