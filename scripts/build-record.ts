/**
 * What `pnpm start`'s build step reads and makes, for scripts/build-freshness.mjs to tell, without loading tsx,
 * TypeScript or esbuild, that there is nothing to build. Written only after a build step that succeeded.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WEB_BUILD_SOURCES } from '../web/scripts/ensure-build.js'
import { BUILD_RECORD } from './build-freshness.mjs'
import { bundledEntry, LAUNCHER, PROCESS_NAMES } from './processes.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface BuildRecord {
  /** When the build step began: a change after that may be missing from what it made. */
  startedAt: number
  /** Files and directories (walked whole) the build reads, relative to the repository. */
  reads: string[]
  /** What it makes and `pnpm start` runs or loads. */
  makes: string[]
}

export function buildRecord (startedAt: number): BuildRecord {
  const root = ROOT
  // Each project `tsc -b` compiles: its sources, its build configuration and its dependencies' list.
  const projects = (JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { references: Array<{ path: string }> })
    .references.map((reference) => dirname(reference.path))
  const scripts = readdirSync(join(root, 'scripts')).filter((name) => name !== 'bundle').map((name) => `scripts/${name}`)
  const reads = [
    ...projects.flatMap((project) => [`${project}/src`, `${project}/tsconfig.build.json`, `${project}/package.json`]),
    ...WEB_BUILD_SOURCES.map((path) => relative(root, path)),
    // The compiler's settings and the installed dependencies (pnpm rewrites .modules.yaml on every install).
    'package.json', 'pnpm-lock.yaml', 'tsconfig.base.json', 'tsconfig.build-base.json', 'tsconfig.build.json', 'node_modules/.modules.yaml',
    // The build's own code (bundle.ts rebundles everything when it changes).
    ...scripts
  ]
  const makes = [
    ...projects.map((project) => `${project}/dist`),
    ...PROCESS_NAMES.map(bundledEntry), LAUNCHER, 'web/dist/index.html'
  ]
  return { startedAt, reads: [...new Set(reads)].filter((path) => existsSync(join(root, path))), makes }
}

export function writeBuildRecord (startedAt: number): void {
  writeFileSync(join(ROOT, BUILD_RECORD), JSON.stringify(buildRecord(startedAt), null, 1))
}
