import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { createServiceEnvironment, type ServiceEnvironment } from '@travel-crm/testkit'
import { provisionServiceSchema, serviceRoleName, type ServiceDatabase } from '../src/data/database.js'

async function query (url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

async function sqlStateOf (url: string, sql: string): Promise<string> {
  try {
    await query(url, sql)
  } catch (error) {
    return String((error as { code?: string }).code)
  }
  throw new Error(`${sql} was allowed`)
}

const INSUFFICIENT_PRIVILEGE = '42501'

describe('provisionServiceSchema', () => {
  let environment: ServiceEnvironment
  let crm: ServiceDatabase
  let billing: ServiceDatabase

  beforeAll(async () => {
    environment = await createServiceEnvironment()
    crm = await provisionServiceSchema(environment.databaseUrl, 'crm', 'crm-role-secret')
    billing = await provisionServiceSchema(environment.databaseUrl, 'billing', 'billing-role-secret')
    await query(billing.url, 'create table invoice (id int primary key, amount numeric(12,2)); insert into invoice values (1, \'250.00\')')
  })

  afterAll(async () => {
    await environment?.cleanup()
  })

  it('connects each service as its own role, in its own schema', async () => {
    const { rows } = await query(crm.url, 'select current_user as role, current_schema() as schema')
    expect(rows[0]).toEqual({ role: serviceRoleName(environment.databaseUrl, 'crm'), schema: 'crm' })
    expect(crm.schema).toBe('crm')
  })

  it('lets a service create and use tables in its own schema', async () => {
    await query(crm.url, 'create table client (id int primary key, name text); insert into client values (1, \'Ada\')')
    const { rows } = await query(crm.url, 'select name from client')
    expect(rows).toEqual([{ name: 'Ada' }])
  })

  it('keeps the crm role out of billing\'s tables', async () => {
    expect(await sqlStateOf(crm.url, 'select * from billing.invoice')).toBe(INSUFFICIENT_PRIVILEGE)
    expect(await sqlStateOf(crm.url, 'update billing.invoice set amount = \'0.00\'')).toBe(INSUFFICIENT_PRIVILEGE)
    const { rows } = await query(billing.url, 'select amount from invoice')
    expect(rows).toEqual([{ amount: '250.00' }])
  })

  it('keeps the billing role out of crm as well', async () => {
    expect(await sqlStateOf(billing.url, 'select * from crm.client')).toBe(INSUFFICIENT_PRIVILEGE)
  })

  it('lets no service create anything in public or a schema of its own making', async () => {
    expect(await sqlStateOf(crm.url, 'create table public.sneaky (id int)')).toBe(INSUFFICIENT_PRIVILEGE)
    expect(await sqlStateOf(crm.url, 'create schema sneaky')).toBe(INSUFFICIENT_PRIVILEGE)
  })

  it('does not let one service become another', async () => {
    const other = serviceRoleName(environment.databaseUrl, 'billing')
    expect(await sqlStateOf(crm.url, `set role "${other}"`)).toBe(INSUFFICIENT_PRIVILEGE)
  })

  it('can run again, as every replica does at start, keeping what the schema holds', async () => {
    const again = await provisionServiceSchema(environment.databaseUrl, 'crm', 'crm-role-secret')
    expect(again).toEqual(crm)
    const { rows } = await query(again.url, 'select count(*)::int as clients from client')
    expect(rows).toEqual([{ clients: 1 }])
  })

  it('survives replicas provisioning at the same moment', async () => {
    const all = await Promise.all([1, 2, 3].map(async () => await provisionServiceSchema(environment.databaseUrl, 'reporting', 'reporting-role-secret')))
    for (const database of all) expect((await query(database.url, 'select current_schema() as schema')).rows).toEqual([{ schema: 'reporting' }])
  })

  it('leaves nothing behind when a step fails: no role, no schema', async () => {
    await expect(provisionServiceSchema(environment.databaseUrl, 'webhooks', 'webhooks-role-secret', ['no_such_extension'])).rejects.toThrow(/no_such_extension/)
    const role = serviceRoleName(environment.databaseUrl, 'webhooks')
    expect((await query(environment.databaseUrl, `select 1 from pg_roles where rolname = '${role}'`)).rowCount).toBe(0)
    expect((await query(environment.databaseUrl, 'select 1 from pg_namespace where nspname = \'webhooks\'')).rowCount).toBe(0)
  })

  it('creates the database on a first start', async () => {
    const url = new URL(environment.databaseUrl)
    const name = `${url.pathname.slice(1)}_first`.slice(0, 63)
    url.pathname = `/${name}`
    const admin = new URL(environment.databaseUrl)
    admin.pathname = '/postgres'
    try {
      const auth = await provisionServiceSchema(url.toString(), 'auth', 'auth-role-secret')
      expect((await query(auth.url, 'select current_database() as database, current_schema() as schema')).rows).toEqual([{ database: name, schema: 'auth' }])
    } finally {
      await query(admin.toString(), `drop database if exists "${name}" with (force)`)
      await query(admin.toString(), `drop role if exists "${serviceRoleName(url.toString(), 'auth')}"`)
    }
  })
})
