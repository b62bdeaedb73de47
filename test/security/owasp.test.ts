import { afterAll, beforeAll, describe } from 'vitest'
import { startStack, type Stack } from '@travel-crm/testkit'
import { Agency } from './agency.js'
import { csvInjection } from './csv-injection.js'
import { databaseRoles } from './database-roles.js'
import { EXPORT_QUEUE, EXPORT_WAIT_MS, exportConcurrency } from './export-concurrency.js'
import { flood } from './flood.js'
import { massAssignment } from './mass-assignment.js'
import { misconfiguration } from './misconfiguration.js'
import { resourceLimits } from './resource-limits.js'
import { verbatimInput } from './verbatim-input.js'

/**
 * The OWASP API Security Top 10 (2023) where it applies beyond authentication, on one stack with the
 * gateway's production limits. The gateway believes loopback's X-Forwarded-For here, as it would a load
 * balancer's, so each group calls from an address of its own and the flood at the end limits only itself.
 */
describe('security through the gateway', () => {
  let stack: Stack
  const agency = () => current
  let current: Agency

  beforeAll(async () => {
    stack = await startStack({ env: { TRUST_PROXY: '127.0.0.1', REPORTING_EXPORT_QUEUE: String(EXPORT_QUEUE), REPORTING_EXPORT_WAIT_MS: String(EXPORT_WAIT_MS) } })
    current = new Agency(stack, '198.51.100.10')
    await current.signIn('owasp')
  })

  afterAll(async () => {
    await stack?.stop()
  })

  massAssignment(agency)
  resourceLimits(agency)
  misconfiguration(agency)
  csvInjection(agency)
  verbatimInput(agency)
  exportConcurrency(agency)
  databaseRoles(agency)
  flood(agency)
})
