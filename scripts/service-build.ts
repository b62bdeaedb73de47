/**
 * The services as production runs them (`pnpm build`): compiled by `tsc -b tsconfig.build.json` (project
 * references) into each package's `dist/`, then each process bundled into one file (scripts/bundle.ts).
 * `pnpm start`, the stacks of the end-to-end, browser and fault tests and the bench run this first; tsc itself
 * decides what is stale, and a bundle is made again only when a file it was made from changed, so an
 * up-to-date build costs about a second.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { webBuildIsStale } from '../web/scripts/ensure-build.js'
import { bundleProcesses } from './bundle.js'
import { writeBuildRecord } from './build-record.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

// Vitest may run several projects' global setups in one process at once: two tsc builds writing the same
// dist/ would tear each other's files, so there is one build per process, whoever asks.
const BUILD = Symbol.for('@travel-crm/service-build')
const registry = globalThis as { [BUILD]?: Promise<void> }

async function runBuild (): Promise<void> {
  const startedAt = Date.now()
  if (!existsSync(TSC)) throw new Error('the services are built with TypeScript: run `pnpm install` (with dev dependencies) first')
  try {
    await promisify(execFile)(process.execPath, [TSC, '-b', 'tsconfig.build.json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const { stdout } = error as { stdout?: string }
    throw new Error(`the services' build failed:\n${stdout ?? String(error)}`, { cause: error })
  }
  await bundleProcesses()
  // With the web app's build up to date as well, the next `pnpm start` needs no build step (build-record.ts).
  if (!webBuildIsStale()) writeBuildRecord(startedAt)
}

export async function buildServices (): Promise<void> {
  await (registry[BUILD] ??= runBuild())
}

/** Vitest globalSetup for the projects that start stacks of processes. */
export async function setup (): Promise<void> {
  await buildServices()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServices()
