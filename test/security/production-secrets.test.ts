import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Starts a process entry with only the given environment and returns how it ended and what it wrote. */
async function start (entry: string, env: Record<string, string>): Promise<{ code: number | null, output: string }> {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entry], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const [code] = await once(child, 'exit') as [number | null]
  clearTimeout(timer)
  return { code, output }
}

/** OWASP API8: in production no service starts on the secrets meant for a laptop, and each says which. */
describe('production refuses development secrets', () => {
  const needs: Record<string, string[]> = {
    auth: ['DATABASE_URL', 'SERVICE_DB_PASSWORD', 'BOOTSTRAP_ADMIN_PASSWORD', 'JWT_PRIVATE_KEY', 'GATEWAY_SECRET'],
    crm: ['DATABASE_URL', 'SERVICE_DB_PASSWORD', 'GATEWAY_SECRET', 'CRM_PASSPORT_KEYS'],
    billing: ['DATABASE_URL', 'SERVICE_DB_PASSWORD', 'GATEWAY_SECRET'],
    reporting: ['DATABASE_URL', 'SERVICE_DB_PASSWORD', 'GATEWAY_SECRET']
  }

  // One after the other: four processes compiling at once on a busy two-core machine outlast the kill timer.
  it.each(Object.entries(needs))('%s exits before connecting to anything, naming each missing secret', async (service, secrets) => {
    const { code, output } = await start(`services/${service}/src/main.ts`, { NODE_ENV: 'production' })
    expect(code, output).toBe(78)
    for (const secret of secrets) expect(output).toContain(`${secret} must be set when NODE_ENV=production`)
    expect(output).not.toMatch(/\n\s+at /)
  })

  it('refuses the development default of a secret written out by hand', async () => {
    const { code, output } = await start('services/crm/src/main.ts', {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://crm@db.internal/travel_crm',
      SERVICE_DB_PASSWORD: 'travel-crm-dev-only'
    })
    expect(code, output).toBe(78)
    expect(output).toContain('SERVICE_DB_PASSWORD must not be its development default when NODE_ENV=production')
    expect(output).not.toContain('DATABASE_URL')
  })
})
