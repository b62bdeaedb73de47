import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/**
 * A merge that left its conflict markers in a tracked file once reached main through a README table: nothing
 * else fails on Markdown, so the repository itself is checked.
 */
describe('tracked files', () => {
  it('hold no merge conflict markers', () => {
    const root = new URL('../..', import.meta.url).pathname
    let found = ''
    try {
      found = execFileSync('git', ['grep', '-nE', '^(<{7}|>{7}) ', '--', '.', ':!pnpm-lock.yaml'], { cwd: root, encoding: 'utf8' })
    } catch (error) {
      // git grep exits 1 when nothing matches: the outcome wanted.
      if ((error as { status?: number }).status !== 1) throw error
    }
    expect(found).toBe('')
  })
})
