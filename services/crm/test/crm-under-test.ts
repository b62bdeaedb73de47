import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { Value } from 'typebox/value'
import { CloudEvent } from '@travel-crm/contracts'
import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import { createServiceEnvironment, followStream, startTokenIssuer, type ServiceEnvironment, type TestRole, type TokenIssuer } from '@travel-crm/testkit'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

export interface PublishedEvent {
  /** Subject on the wire, without the test's prefix. */
  subject: string
  msgId: string | undefined
  /** The envelope opened with its client's key, as a consumer's handler sees it. */
  envelope: CloudEvent
  /** The envelope as the stream holds it: personal fields sealed. */
  sealed: CloudEvent
}

/**
 * Every event the app publishes to its test stream, read back from JetStream with an ordered consumer: what
 * a consumer of the stream would see, envelope and headers included, opened with crm's own client keys.
 */
export interface PublishedEvents {
  /** Every event published so far, in stream order. */
  all: () => Promise<PublishedEvent[]>
  /** Waits until `count` events match, then returns them in stream order; fails after a generous wait. */
  waitFor: (match: (event: PublishedEvent) => boolean, count?: number) => Promise<PublishedEvent[]>
  stop: () => Promise<void>
}

async function readPublishedEvents (environment: ServiceEnvironment, app: ServiceApp): Promise<PublishedEvents> {
  const follower = await followStream(environment.natsUrl, environment.stream, `${environment.subjectPrefix}crm.>`)
  const opened: PublishedEvent[] = []
  const all = async (): Promise<PublishedEvent[]> => {
    for (const stored of follower.events.slice(opened.length)) {
      if (!Value.Check(CloudEvent, stored.event)) throw new Error(`not a CloudEvent: ${stored.subject}: ${JSON.stringify(stored.event)}`)
      const envelope = await app.clientKeys.open(stored.event)
      opened.push({ subject: stored.subject.slice(environment.subjectPrefix.length), msgId: stored.msgId, envelope, sealed: stored.event })
    }
    return opened
  }
  return {
    all,
    waitFor: async (match, count = 1) => {
      const deadline = Date.now() + 15_000
      for (;;) {
        const found = (await all()).filter(match)
        if (found.length >= count) return found
        if (Date.now() > deadline) throw new Error(`expected ${count} matching events, saw ${found.length} of ${JSON.stringify(opened.map((each) => `${each.subject} ${each.envelope.subject}`))}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    stop: follower.stop
  }
}

export interface CrmUnderTest {
  app: ServiceApp
  environment: ServiceEnvironment
  issuer: TokenIssuer
  events: PublishedEvents
  /** Headers of a request made by a user of this role. */
  as: (role: TestRole, userId?: number) => Record<string, string>
  /** Rows in each crm table, outbox included: to prove that a refused request wrote nothing. */
  rowCounts: () => Promise<Record<string, number>>
  /** Makes a request that must be refused with this status and problem code, and checks it wrote nothing. */
  refused: (request: InjectOptions, status: number, code: string) => Promise<LightMyRequestResponse>
  close: () => Promise<void>
}

/** A crm app on its own database and stream, with a token issuer standing in for auth. */
export async function startCrm (extraEnv: Record<string, string> = {}): Promise<CrmUnderTest> {
  const issuer = await startTokenIssuer()
  const environment = await createServiceEnvironment({ AUTH_URL: issuer.url, ...extraEnv })
  const app = await buildApp(loadConfig(environment.env))
  await app.ready()
  const events = await readPublishedEvents(environment, app)
  const rowCounts = async () => {
    const rows = await app.orm.em.fork().execute<Array<{ table: string, count: string }>>(
      `select 'client' as table, count(*) from client union all select 'trip', count(*) from trip
       union all select 'client_note', count(*) from client_note union all select 'outbox', count(*) from outbox
       union all select 'traveller', count(*) from traveller union all select 'supplier', count(*) from supplier
       union all select 'booking', count(*) from booking`
    )
    return Object.fromEntries(rows.map((row) => [row.table, Number(row.count)]))
  }
  return {
    app,
    environment,
    issuer,
    events,
    as: (role, userId) => ({ authorization: `Bearer ${issuer.token(role, userId === undefined ? {} : { userId })}` }),
    rowCounts,
    refused: async (request, status, code) => {
      const before = await rowCounts()
      const response = await app.inject(request)
      expect(response.statusCode, response.body).toBe(status)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(response.json()).toMatchObject({ status, code })
      expect(await rowCounts()).toEqual(before)
      return response
    },
    close: async () => {
      await events.stop()
      await app.close()
      await issuer.close()
      await environment.cleanup()
    }
  }
}
