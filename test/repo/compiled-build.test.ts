import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../..', import.meta.url).pathname
const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>
const dirsOf = (parent: string): string[] => readdirSync(join(ROOT, parent), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, parent, entry.name, 'src')))
  .map((entry) => `${parent}/${entry.name}`)

/**
 * Production runs only what `pnpm build` compiles: a package the stack loads but the build forgets would start
 * from a stale or missing dist/. Every service, the gateway and every package they import is in the build.
 */
describe('the compiled build', () => {
  const built = new Set(((json('tsconfig.build.json')['references'] ?? []) as Array<{ path: string }>).map((ref) => ref.path.replace(/\/tsconfig\.build\.json$/, '')))

  it('compiles every service, the gateway, and every workspace package they depend on', () => {
    const runtime = [...dirsOf('services'), 'gateway']
    const needed = new Set(runtime)
    for (const dir of runtime) {
      const dependencies = Object.keys((json(`${dir}/package.json`)['dependencies'] ?? {}) as Record<string, string>)
      for (const name of dependencies.filter((dependency) => dependency.startsWith('@travel-crm/'))) {
        needed.add(`packages/${name.slice('@travel-crm/'.length)}`)
      }
    }
    // and what those packages depend on in turn
    for (const dir of [...needed].filter((dir) => dir.startsWith('packages/'))) {
      for (const name of Object.keys((json(`${dir}/package.json`)['dependencies'] ?? {}) as Record<string, string>)) {
        if (name.startsWith('@travel-crm/')) needed.add(`packages/${name.slice('@travel-crm/'.length)}`)
      }
    }
    expect([...needed].filter((dir) => !built.has(dir))).toEqual([])
  })

  it('gives each built package an export that resolves to its dist/ outside development', () => {
    for (const dir of built) {
      const exports = json(`${dir}/package.json`)['exports'] as Record<string, { development?: string, default?: string }>
      for (const [subpath, target] of Object.entries(exports)) {
        expect(target.default, `${dir} ${subpath}`).toMatch(/^\.\/dist\/.+\.js$/)
        expect(target.development, `${dir} ${subpath}`).toMatch(/^\.\/src\/.+\.ts$/)
      }
      const build = json(`${dir}/tsconfig.build.json`)['compilerOptions'] as Record<string, unknown>
      expect(build, dir).toMatchObject({ rootDir: 'src', outDir: 'dist' })
    }
  })
})
