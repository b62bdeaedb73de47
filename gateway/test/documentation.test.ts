import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAuthEventStream, type AuthEventStream } from '@travel-crm/testkit'
import { buildGateway } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { startStandIn, type StandIn } from './stand-ins.js'

// Auth's events, which the gateway reads to refuse tokens of accounts that moved on, in a stream of this file's own.
let authEvents: AuthEventStream
beforeAll(async () => { authEvents = await startAuthEventStream() })
afterAll(async () => { await authEvents?.close() })

type Gateway = Awaited<ReturnType<typeof buildGateway>>
type Service = 'auth' | 'crm' | 'billing' | 'reporting' | 'webhooks'

/**
 * Small service documents, one route of the policy table each (and one that is not in it), so that what
 * only the gateway decides is visible: which operations it keeps, what it adds, when it asks again.
 */
const ROUTES: Record<Service, string> = { auth: '/me', crm: '/clients/{id}', billing: '/invoices', reporting: '/reports/invoice-summary', webhooks: '/webhooks' }

function serviceDocument (service: Service): unknown {
  return {
    openapi: '3.1.0',
    info: { title: service, version: '0.1.0' },
    components: { schemas: { Thing: { type: 'object', properties: { id: { type: 'integer' } } } } },
    paths: {
      [ROUTES[service]]: { get: { responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } },
      '/internal/secret': { get: { responses: { 200: { description: 'OK' } } } }
    }
  }
}

describe('the gateway\'s API documents', () => {
  const standIns = {} as Record<Service, StandIn>
  const down = new Set<Service>()
  const gateways: Gateway[] = []

  async function gatewayWith (env: Record<string, string> = {}): Promise<Gateway> {
    const gateway = await buildGateway(loadConfig({ ...authEvents.env,
      LOG_LEVEL: 'silent',
      AUTH_URL: standIns.auth.url,
      CRM_URL: standIns.crm.url,
      BILLING_URL: standIns.billing.url,
      REPORTING_URL: standIns.reporting.url,
      WEBHOOKS_URL: standIns.webhooks.url,
      ...env
    }))
    await gateway.ready()
    gateways.push(gateway)
    return gateway
  }

  const fetchesOf = (service: Service) => standIns[service].received.filter((request) => request.url === '/openapi.json').length

  beforeAll(async () => {
    for (const service of Object.keys(ROUTES) as Service[]) {
      standIns[service] = await startStandIn((_request, response) => {
        if (down.has(service)) return response.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"status":503}')
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(serviceDocument(service)))
      })
    }
  })

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close()
    for (const standIn of Object.values(standIns)) await standIn.close()
  })

  it('keeps the operations of the policy table, with roles, security and tags, and names components by service', async () => {
    const gateway = await gatewayWith()
    const response = await gateway.inject('/openapi.json')
    expect(response.statusCode).toBe(200)
    const document = response.json()
    expect(document.paths['/internal/secret']).toBeUndefined()
    expect(document.paths['/clients/{id}'].get).toMatchObject({
      tags: ['crm'],
      operationId: 'getClient',
      security: [{ bearerAuth: [] }],
      description: expect.stringContaining('**Roles:** admin, agent, analyst.')
    })
    expect(document.paths['/clients/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/crm-Thing' })
    expect(Object.keys(document.components.schemas).sort()).toEqual(['auth-Thing', 'billing-Thing', 'crm-Thing', 'reporting-Thing', 'webhooks-Thing'])
    expect(Object.keys(document.paths['/invoices'].get.responses)).toEqual(expect.arrayContaining(['429', '503', '504']))
    expect(document.paths['/healthz'].get.security).toEqual([])
    // The live event stream is the gateway's own route, for every role, with its resume header.
    expect(document.paths['/live'].get).toMatchObject({ tags: ['gateway'], security: [{ bearerAuth: [] }], parameters: [{ name: 'last-event-id', in: 'header' }] })
    expect(Object.keys(document.paths['/live'].get.responses['200'].content)).toEqual(['text/event-stream'])
  })

  it('asks each service once while its document is fresh', async () => {
    const gateway = await gatewayWith({ API_DOCUMENT_MAX_AGE_MS: '600000' })
    const before = fetchesOf('crm')
    await Promise.all([gateway.inject('/openapi.json'), gateway.inject('/openapi.json'), gateway.inject('/docs/json')])
    await gateway.inject('/openapi.json')
    expect(fetchesOf('crm') - before).toBe(1)
  })

  it('answers 503 while a service has never given its document, and asks again on the next request', async () => {
    down.add('billing')
    const gateway = await gatewayWith({ API_DOCUMENT_MAX_AGE_MS: '600000' })
    const missing = await gateway.inject('/openapi.json')
    expect(missing.statusCode).toBe(503)
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(missing.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', detail: expect.stringContaining('billing') })
    down.delete('billing')
    const complete = await gateway.inject('/openapi.json')
    expect(complete.statusCode).toBe(200)
    expect(complete.json().paths['/invoices']).toBeDefined()
  })

  it('keeps serving the last document of a service that stops answering', async () => {
    const gateway = await gatewayWith({ API_DOCUMENT_MAX_AGE_MS: '0' })
    expect((await gateway.inject('/openapi.json')).statusCode).toBe(200)
    down.add('reporting')
    try {
      const before = fetchesOf('reporting')
      const stale = await gateway.inject('/openapi.json')
      expect(stale.statusCode).toBe(200)
      expect(stale.json().paths['/reports/invoice-summary']).toBeDefined()
      expect(fetchesOf('reporting') - before).toBe(1)
    } finally {
      down.delete('reporting')
    }
  })

  it('serves Swagger UI at /docs with a page policy that allows only the gateway\'s own scripts', async () => {
    const gateway = await gatewayWith()
    const page = await gateway.inject('/docs/')
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.headers['content-security-policy']).toContain('script-src \'self\'')
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval')
    // Everything else keeps the API's strict policy.
    expect((await gateway.inject('/openapi.json')).headers['content-security-policy']).toContain('default-src \'none\'')
  })
})
