// @ts-check
/**
 * `pnpm start`, in plain node: the build step (scripts/build-when-stale.ts, under tsx) only when something it
 * reads changed since it last succeeded (scripts/build-freshness.mjs), then the bundled launcher
 * (scripts/start.ts as scripts/bundle/start.js) in this same process.
 */
import { spawnSync } from 'node:child_process'
import { dirname } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { buildIsFresh } from './build-freshness.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
if (!buildIsFresh(root)) {
  const build = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', 'scripts/build-when-stale.ts'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
await import('./bundle/start.js')
