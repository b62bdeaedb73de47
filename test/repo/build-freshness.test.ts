import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BUILD_RECORD, buildIsFresh } from '../../scripts/build-freshness.mjs'
import { buildRecord } from '../../scripts/build-record.js'
import { bundledEntry, LAUNCHER, PROCESS_NAMES } from '../../scripts/processes.js'

/**
 * `pnpm start` skips its build step when the record of the last one says nothing it read has changed: a record
 * that missed an input would start yesterday's code, so these hold the check to what the build reads.
 */
describe('the build record pnpm start checks', () => {
  let root: string
  const startedAt = Date.now() - 60_000
  const past = new Date(startedAt - 60_000)

  function file (path: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), path)
    utimesSync(join(root, path), past, past)
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tcrm-build-record-'))
    file('services/crm/src/routes/clients.ts')
    file('services/crm/bundle/main.js')
    for (const dir of ['services/crm/src/routes', 'services/crm/src', 'services/crm/bundle']) utimesSync(join(root, dir), past, past)
    mkdirSync(join(root, dirname(BUILD_RECORD)), { recursive: true })
    writeFileSync(join(root, BUILD_RECORD), JSON.stringify({ startedAt, reads: ['services/crm/src'], makes: ['services/crm/bundle/main.js'] }))
  })

  afterEach(() => { rmSync(root, { recursive: true, force: true }) })

  it('is fresh when nothing read changed since the build began and everything made is there', () => {
    expect(buildIsFresh(root)).toBe(true)
  })

  it('is stale when a source changed after the build began', () => {
    const now = new Date()
    utimesSync(join(root, 'services/crm/src/routes/clients.ts'), now, now)
    expect(buildIsFresh(root)).toBe(false)
  })

  it('is stale when a source was added or removed, deep in a tree', () => {
    writeFileSync(join(root, 'services/crm/src/routes/trips.ts'), '')
    expect(buildIsFresh(root)).toBe(false)
  })

  it('is stale when something it made is gone, or when there is no record', () => {
    rmSync(join(root, 'services/crm/bundle/main.js'))
    expect(buildIsFresh(root)).toBe(false)
    rmSync(join(root, BUILD_RECORD))
    expect(buildIsFresh(root)).toBe(false)
  })

  it('lists every compiled project\'s sources, the web app\'s and the build\'s own code as read, every bundle as made', () => {
    const record = buildRecord(startedAt)
    for (const project of ['packages/contracts', 'packages/service-kit', 'services/crm', 'gateway']) {
      expect(record.reads).toEqual(expect.arrayContaining([`${project}/src`, `${project}/tsconfig.build.json`]))
      expect(record.makes).toContain(`${project}/dist`)
    }
    expect(record.reads).toEqual(expect.arrayContaining(['web/src', 'pnpm-lock.yaml', 'scripts/bundle.ts', 'scripts/start.ts']))
    expect(record.makes).toEqual(expect.arrayContaining([...PROCESS_NAMES.map(bundledEntry), LAUNCHER, 'web/dist/index.html']))
  })
})
