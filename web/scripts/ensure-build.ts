/**
 * Builds the web app when its build is missing or older than anything it is built from: `pnpm start` and the
 * browser tests call this, so neither serves yesterday's app.
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { newestChange } from '../../scripts/build-freshness.mjs'

const WEB = fileURLToPath(new URL('..', import.meta.url))
/** What the web build reads (`pnpm start`'s build record lists them too, scripts/build-record.ts). */
export const WEB_BUILD_SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json', '../packages/contracts/src'].map((path) => join(WEB, path))

export function webBuildIsStale (): boolean {
  const built = join(WEB, 'dist', 'index.html')
  if (!existsSync(built)) return true
  return Math.max(...WEB_BUILD_SOURCES.filter(existsSync).map(newestChange)) > statSync(built).mtimeMs
}

// The e2e and web test projects both need the build, and vitest may run their global setups at once in one
// process: one build per process, whoever asks first.
const BUILD = Symbol.for('@travel-crm/web-build')
const registry = globalThis as { [BUILD]?: Promise<void> }

export async function ensureWebBuild (log: (line: string) => void = (line) => { process.stdout.write(`${line}\n`) }): Promise<void> {
  await (registry[BUILD] ??= buildWhenStale(log))
}

async function buildWhenStale (log: (line: string) => void): Promise<void> {
  if (!webBuildIsStale()) return
  log('web: building the app (its build is missing or older than its sources)')
  const { build } = await import('vite')
  // Vite takes NODE_ENV from the environment when it is set: under vitest it is `test`, which would bundle
  // React's development build.
  const nodeEnv = process.env['NODE_ENV']
  process.env['NODE_ENV'] = 'production'
  try {
    await build({ root: WEB, configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn', mode: 'production' })
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV']
    else process.env['NODE_ENV'] = nodeEnv
  }
  const { firstScreenGzipBytes, FIRST_SCREEN_BUDGET_BYTES } = await import('./size-budget.js')
  const { total } = firstScreenGzipBytes(join(WEB, 'dist'))
  log(`web: built; first screen JavaScript ${(total / 1024).toFixed(1)} kB gzipped (budget ${FIRST_SCREEN_BUDGET_BYTES / 1024} kB)`)
  if (total > FIRST_SCREEN_BUDGET_BYTES) throw new Error('web: the first screen is over its size budget')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await ensureWebBuild()
