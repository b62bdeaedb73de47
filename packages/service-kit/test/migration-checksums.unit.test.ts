import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const LIST = join(ROOT, 'migrations.sha256')

/** Every committed migration: the kit's own and each service's, as paths from the repository root. */
function migrationFiles (): string[] {
  const folders = [
    join(ROOT, 'packages/service-kit/src/data/migrations'),
    ...readdirSync(join(ROOT, 'services')).map((service) => join(ROOT, 'services', service, 'src/migrations'))
  ]
  return folders.flatMap((folder) => {
    try {
      return readdirSync(folder).filter((name) => name.endsWith('.ts')).map((name) => relative(ROOT, join(folder, name)))
    } catch {
      return []
    }
  }).sort()
}

/** `sha256sum` lines: `<hex>  <path>`. */
function checksums (): Map<string, string> {
  return new Map(readFileSync(LIST, 'utf8').trim().split('\n').map((line) => {
    const [sum = '', path = ''] = line.split(/ {2}/)
    return [path, sum]
  }))
}

describe('committed migrations', () => {
  // A database that applied a migration never runs it again: an edit would leave it and a new database apart.
  // Change a schema with a new migration; a new migration adds its line (`sha256sum <file> >> migrations.sha256`).
  it('keep the text they were committed with', () => {
    const listed = checksums()
    for (const path of migrationFiles()) {
      const sum = createHash('sha256').update(readFileSync(join(ROOT, path))).digest('hex')
      expect(listed.get(path), `${path} is not in migrations.sha256, or its text changed`).toBe(sum)
    }
  })

  it('are all still there: none listed was removed or renamed', () => {
    expect([...checksums().keys()].sort()).toEqual(migrationFiles())
  })
})
