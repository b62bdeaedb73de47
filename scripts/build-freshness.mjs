// @ts-check
/**
 * Whether `pnpm start` can skip its build step: plain JavaScript, so that checking costs one node start and a
 * few hundred stat calls instead of loading tsx, TypeScript (`tsc -b`'s own up-to-date check) and esbuild,
 * about 0.6 s of CPU before the first service could start, on a machine where the six processes then compete
 * for two cores. The build step (scripts/build-when-stale.ts) writes scripts/bundle/build-record.json when it
 * succeeds: when it began, what it reads (source trees walked whole, so a file added or removed counts as a
 * change of its directory) and what it makes. The build is fresh only when every output exists and nothing it
 * reads changed since it began; anything else, a missing or unreadable record included, runs the build step,
 * which decides for itself what to rebuild.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const BUILD_RECORD = 'scripts/bundle/build-record.json'

/**
 * The newest change under a path: its own time, and for a directory every entry's, depth first.
 * @param {string} path
 * @returns {number}
 */
export function newestChange (path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)))
  return newest
}

/**
 * @param {string} root the repository
 * @returns {boolean}
 */
export function buildIsFresh (root) {
  try {
    /** @type {{ startedAt: number, reads: string[], makes: string[] }} */
    const record = JSON.parse(readFileSync(join(root, BUILD_RECORD), 'utf8'))
    for (const output of record.makes) statSync(join(root, output))
    return record.reads.every((input) => newestChange(join(root, input)) < record.startedAt)
  } catch {
    // No record, an output or an input gone: the build step looks.
    return false
  }
}
