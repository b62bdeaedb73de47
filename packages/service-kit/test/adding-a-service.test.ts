import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Type } from 'typebox'
import { defineEntity, type InferEntity } from '@mikro-orm/core'
import { IdParams, StrictObject } from '@travel-crm/contracts'
import { createServiceEnvironment, startTokenIssuer, type ServiceEnvironment, type TokenIssuer } from '@travel-crm/testkit'
import { buildHttpApp, defineProblems, loadServiceConfig, noContent, policyLayer, problemResponses, STALE_VERSION_MESSAGE, tagged, type HttpApp } from '../src/http/index.js'
import { auditFields, auditProperties, createdBy, dataLayer, markChanged, Migration, type Persistence } from '../src/data/index.js'
import { changeOf, messagingLayer, servicePlugin, serviceAppOf, type ServiceApp } from '../src/messaging/index.js'

// docs/adding-a-service.md, step by step, for a tiny service. It takes crm's name and two of crm's routes,
// because a service serves only routes the policy table gives it.

// src/problems.ts
const TinyProblems = defineProblems('CRM', {
  clientNotFound: ['CRM_CLIENT_NOT_FOUND', 'Client %s not found', 404],
  staleVersion: ['CRM_STALE_VERSION', STALE_VERSION_MESSAGE, 412]
})

// src/entities/ and src/migrations/
const p = defineEntity.properties
const Client = defineEntity({ name: 'Client', tableName: 'client', properties: { id: p.integer().primary(), name: p.string(), ...auditProperties } })
type Client = InferEntity<typeof Client>
class Clients20270101000000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table client (id integer primary key, name text not null, created_at timestamptz not null, updated_at timestamptz not null,
      created_by integer null, updated_by integer null, version integer not null)`)
  }
}
// src/persistence.ts
const persistence: Persistence = { entities: [Client], migrations: [{ name: 'Clients20270101000000', class: Clients20270101000000 }] }

const ClientBody = Type.Object({ id: Type.Integer(), name: Type.String(), version: Type.Integer() })
const clientPayload = (client: Client) => ({ id: client.id, name: client.name, version: auditFields(client).version })

// src/routes/clients.ts
const clientRoutes = servicePlugin(async (app) => {
  app.get('/clients/:id', { schema: { params: IdParams, response: { 200: ClientBody, ...problemResponses(404) } } }, async (request, reply) => {
    const client = await app.orm.em.fork().findOne(Client, { id: request.params.id })
    if (client === null) throw new TinyProblems.clientNotFound(request.params.id)
    return tagged(reply, client.version).send(clientPayload(client))
  })
  app.patch('/clients/:id', {
    schema: { params: IdParams, body: StrictObject({ name: Type.String({ minLength: 1 }) }), response: { 200: ClientBody, ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const change = changeOf(request, TinyProblems.staleVersion)
    const client = await app.transact(change.origin, async (em, events) => {
      const found = await em.findOne(Client, { id: request.params.id })
      if (found === null) throw new TinyProblems.clientNotFound(request.params.id)
      change.precondition(`Client ${found.id}`, found.version)
      found.name = request.body.name
      markChanged(found, change.actorId, change.now)
      await events.emit({ subject: 'crm.client.updated', about: `client/${found.id}`, data: clientPayload(found) })
      return found
    })
    return tagged(reply, client.version).send(clientPayload(client))
  })
  app.delete('/clients/:id', { schema: { params: IdParams, response: { 204: Type.Null() } } }, async (_request, reply) => noContent(reply))
})

// src/config.ts and src/app.ts
const loadConfig = (env: Record<string, string>) => loadServiceConfig('crm', {}, env)
type TinyConfig = ReturnType<typeof loadConfig>

async function tiny (app: HttpApp, { config }: { config: TinyConfig }): Promise<void> {
  await app.register(policyLayer, { service: 'crm', config })
  await app.register(dataLayer, { service: 'crm', config, persistence })
  await app.register(messagingLayer, { service: 'crm', config })
  await app.register(clientRoutes)
}

async function buildApp (config: TinyConfig): Promise<ServiceApp> {
  return serviceAppOf(await buildHttpApp('crm', config, tiny))
}

describe('a service made as docs/adding-a-service.md says', () => {
  let environment: ServiceEnvironment
  let issuer: TokenIssuer
  let app: ServiceApp

  beforeAll(async () => {
    issuer = await startTokenIssuer()
    environment = await createServiceEnvironment({ AUTH_URL: issuer.url })
    app = await buildApp(loadConfig(environment.env))
    await app.orm.em.fork().insert(Client, { id: 7, name: 'Ada', ...createdBy(null) })
  })

  afterAll(async () => {
    await app?.close()
    await environment?.cleanup()
    await issuer?.close()
  })

  it('serves its routes under the policy table, typed from their schemas', async () => {
    const read = await app.inject({ method: 'GET', url: '/clients/7', headers: { authorization: `Bearer ${issuer.token('analyst')}` } })
    expect(read.statusCode).toBe(200)
    expect(read.headers.etag).toBe('"1"')
    expect(read.json()).toEqual({ id: 7, name: 'Ada', version: 1 })
    expect((await app.inject({ method: 'GET', url: '/clients/7' })).json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' })
    expect((await app.inject({ method: 'GET', url: '/clients/8', headers: { authorization: `Bearer ${issuer.token('analyst')}` } })).json())
      .toMatchObject({ status: 404, code: 'CRM_CLIENT_NOT_FOUND' })
  })

  it('changes a record one way: actor, strong If-Match with its own code, audit columns, event', async () => {
    const headers = { authorization: `Bearer ${issuer.token('agent', { userId: 42 })}` }
    const weak = await app.inject({ method: 'PATCH', url: '/clients/7', headers: { ...headers, 'if-match': 'W/"1"' }, payload: { name: 'Ada L.' } })
    expect(weak.json()).toMatchObject({ status: 412, code: 'CRM_STALE_VERSION' })
    const changed = await app.inject({ method: 'PATCH', url: '/clients/7', headers: { ...headers, 'if-match': '"1"' }, payload: { name: 'Ada L.' } })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toEqual({ id: 7, name: 'Ada L.', version: 2 })
    const [row] = await app.orm.em.fork().execute<Array<{ updated_by: number, subject: string }>>(
      'select c.updated_by, o.subject from client c, outbox o where c.id = 7 order by o.position desc limit 1')
    expect(row).toEqual({ updated_by: 42, subject: 'crm.client.updated' })
  })

  it('is ready with its account replica, database and NATS, each checked by the layer that brought it', async () => {
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', checks: { accounts: 'ok', database: 'ok', nats: 'ok' } })
  })
})
