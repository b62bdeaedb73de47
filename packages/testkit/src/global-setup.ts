import type { TestProject } from 'vitest/node'
import { findInfrastructure, type Infrastructure } from './infrastructure.js'
import type {} from './provided-context.js'

interface Shared {
  infrastructure: Promise<Infrastructure>
  projects: number
}

// Vitest runs each project's global setup in the same process but loads the file afresh for each, so a
// module variable would not be shared; a global one lets every project reuse one set of containers.
const SHARED = Symbol.for('@travel-crm/testkit/global-setup')
const registry = globalThis as { [SHARED]?: Shared }

/** Vitest globalSetup: finds PostgreSQL and NATS once and provides their URLs to the tests. */
export async function setup (project: TestProject): Promise<() => Promise<void>> {
  const shared = (registry[SHARED] ??= { infrastructure: findInfrastructure(), projects: 0 })
  shared.projects += 1
  let infrastructure: Infrastructure
  try {
    infrastructure = await shared.infrastructure
  } catch (error) {
    release(shared)
    throw error
  }
  project.provide('databaseUrl', infrastructure.databaseUrl)
  project.provide('natsUrl', infrastructure.natsUrl)
  return async () => {
    if (release(shared)) await infrastructure.stop()
  }
}

/** True when the last project let go, so whatever was started can stop. */
function release (shared: Shared): boolean {
  shared.projects -= 1
  if (shared.projects > 0) return false
  if (registry[SHARED] === shared) delete registry[SHARED]
  return true
}
