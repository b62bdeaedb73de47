import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, runSql, testInfrastructure, type TestDatabase } from '@travel-crm/testkit'
import { startFloorServer } from '../src/scenarios/read-client-floor.js'

// The floor servers must answer what the stack answers for the same call, or their cost per request would
// be the cost of less work: the row itself, a 404 for a client that is not there, and the same through the proxy.
let database: TestDatabase
const servers: Array<Awaited<ReturnType<typeof startFloorServer>>> = []

beforeAll(async () => {
  database = await createTestDatabase(testInfrastructure().databaseUrl)
  await runSql(database.url, `
    create schema crm;
    create table crm.client (id int primary key, name text not null, email text not null, phone text not null, company text,
      created_at timestamptz not null default now(), updated_at timestamptz not null default now(), version int not null default 1);
    insert into crm.client (id, name, email, phone, company, version) values (7, 'Anna Berg', 'anna@example.com', '+44 20 7946 0001', null, 3)`)
})

afterAll(async () => {
  for (const { child } of servers) child.kill('SIGKILL')
  await database?.drop()
})

describe('the floor servers of read_client_floor', () => {
  it('read a client by id, answer 404 for one that is not there, and pass both through the proxy', async () => {
    const server = await startFloorServer('read', database.url, 'crm')
    servers.push(server)
    const proxy = await startFloorServer('proxy', server.origin)
    servers.push(proxy)
    for (const origin of [server.origin, proxy.origin]) {
      const found = await fetch(`${origin}/clients/7`, { headers: { authorization: 'Bearer x' } })
      expect(found.status).toBe(200)
      expect(found.headers.get('content-type')).toBe('application/json; charset=utf-8')
      expect(await found.json()).toMatchObject({ id: 7, name: 'Anna Berg', email: 'anna@example.com', company: null, version: 3 })
      expect((await fetch(`${origin}/clients/8`)).status).toBe(404)
      expect((await fetch(`${origin}/trips/7`)).status).toBe(404)
    }
  })
})
