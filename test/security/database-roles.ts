import { describe, expect, it } from 'vitest'
import { runSql } from '@travel-crm/testkit'
import type { Agency } from './agency.js'

const SERVICES = ['auth', 'crm', 'billing', 'reporting'] as const
const INSUFFICIENT_PRIVILEGE = '42501'

/** The role's SQLSTATE for a statement: undefined when it ran. */
async function refusal (url: string, sql: string): Promise<string | undefined> {
  try {
    await runSql(url, sql)
    return undefined
  } catch (error) {
    return (error as { code?: string }).code ?? String(error)
  }
}

/**
 * Each service's database role reaches its own schema only, as the stack provisioned it: it can neither
 * read nor change another service's tables, nor create anything outside its schema, nor become another role.
 */
export function databaseRoles (agency: () => Agency): void {
  describe('database roles', () => {
    it('keep each service to its own schema', async () => {
      const admin = new URL(agency().stack.environment.databaseUrl)
      const database = admin.pathname.slice(1)
      const roleUrl = (service: string) => {
        const url = new URL(admin)
        url.username = `${database}_${service}`
        url.password = process.env['SERVICE_DB_PASSWORD'] ?? 'travel-crm-dev-only'
        return url.toString()
      }
      const tables = await agency().stack.query<{ schema: string, name: string }>(
        'select table_schema as schema, table_name as name from information_schema.tables where table_schema = any($1) and table_type = \'BASE TABLE\'', [[...SERVICES]])
      for (const service of SERVICES) expect(tables.some((table) => table.schema === service), service).toBe(true)

      const allowed: string[] = []
      for (const service of SERVICES) {
        const url = roleUrl(service)
        expect(await runSql(url, 'select current_user as role'), service).toEqual([{ role: `${database}_${service}` }])
        for (const table of tables) {
          const name = `"${table.schema}"."${table.name}"`
          const read = await refusal(url, `select * from ${name} limit 1`)
          if (table.schema === service) {
            expect(read, `${service} reading its own ${name}`).toBeUndefined()
            continue
          }
          if (read !== INSUFFICIENT_PRIVILEGE) allowed.push(`${service} reads ${name}: ${read ?? 'allowed'}`)
          const write = await refusal(url, `delete from ${name} where false`)
          if (write !== INSUFFICIENT_PRIVILEGE) allowed.push(`${service} deletes from ${name}: ${write ?? 'allowed'}`)
        }
        for (const other of [...SERVICES.filter((name) => name !== service), 'public']) {
          const create = await refusal(url, `create table "${other}".intruder (id int)`)
          if (create !== INSUFFICIENT_PRIVILEGE) allowed.push(`${service} creates a table in ${other}: ${create ?? 'allowed'}`)
        }
        for (const other of SERVICES.filter((name) => name !== service)) {
          const become = await refusal(url, `set role "${database}_${other}"`)
          if (become !== INSUFFICIENT_PRIVILEGE) allowed.push(`${service} becomes ${other}: ${become ?? 'allowed'}`)
        }
      }
      expect(allowed).toEqual([])
    })
  })
}
