import { expect, it } from 'vitest'
import { policiesOf, type ServiceName } from '@travel-crm/contracts'
import { assertBadInputRefusedCleanly, injectedInto, type InjectableApp, type RequestOptions, type RouteUnderTest } from './schema-arbitraries.js'

/** What the bad-input checks need of a service that its own test file has started and filled with records. */
export interface ServiceUnderBadInput {
  app: InjectableApp & { servedRoutes: readonly RouteUnderTest[] }
  /** Headers (a token) and ids for the generated requests. */
  request: RequestOptions
  /** What the service keeps: it must be the same after every refused request. */
  fingerprint: () => Promise<unknown>
}

/**
 * The property test every service makes of its routes, written once: requests generated from each route's own
 * schemas are refused with a 4xx problem and change nothing stored, and the routes tried are exactly the ones
 * the policy table gives the service. `underTest` is read when the tests run, after the file's `beforeAll`.
 */
export function itRefusesBadInputOnEveryRoute (service: ServiceName, underTest: () => ServiceUnderBadInput, options: { seed: number, numRuns?: number }): void {
  // Deletes last, so that the other routes meet the records made at the start.
  const routes = [...policiesOf(service)].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))
  const named = (route: { method: string, url: string }) => `${route.method} ${route.url}`

  it(`generates requests from the schemas of exactly the routes the policy table gives ${service}`, () => {
    expect(underTest().app.servedRoutes.map(named).sort()).toEqual(routes.map(named).sort())
  })

  it.each(routes.map((policy) => [named(policy), policy] as const))('%s', async (_name, policy) => {
    const { app, request, fingerprint } = underTest()
    const route = app.servedRoutes.find((served) => served.method === policy.method && served.url === policy.url)
    expect(route).toBeDefined()
    await assertBadInputRefusedCleanly({
      route: route ?? policy,
      request,
      send: injectedInto(app),
      fingerprint,
      numRuns: options.numRuns ?? 40,
      seed: options.seed
    })
  })
}
