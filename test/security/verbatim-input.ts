import { describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import type { Agency } from './agency.js'
import { parseCsv } from './csv-injection.js'

/** Text that is easy to mangle: SQL, LIKE wildcards, quotes and backslashes, and unicode of every kind. */
const NAMES = [
  '\'; drop table client; --',
  'Robert\'); DROP TABLE trip;--',
  '1\' OR \'1\'=\'1',
  '%_\\ 100% _off_ C:\\temp\\',
  '"quoted" `ticks` $1 $$ ${x}',
  'Zoë Ødegård',
  'Łukasz Żółć Ñandú',
  '👩‍👩‍👧‍👦 Family 🏳️‍🌈',
  'שלום עולם',
  'مرحبا بالعالم',
  'e\u0301 and \u0065\u0308 and a\u030a combining',
  'ZWJ\u200dZWNJ\u200cRLO\u202eLRO\u202d',
  '中文 日本語 한국어',
  'tab\tinside and line\nbreak'
]

/**
 * SQL-looking and unicode input is stored and given back exactly as written (after the documented trimming
 * of outer whitespace): by crm, in its searches, in reporting's read model and in the CSV export.
 */
export function verbatimInput (agency: () => Agency): void {
  describe('SQL-looking and unicode input', () => {
    it('is stored and returned verbatim, found by search, and the tables are still there', async () => {
      const created: Array<{ id: number, name: string }> = []
      for (const [index, name] of NAMES.entries()) {
        const client = await agency().created('/clients', { name, email: `verbatim${index}@example.com`, phone: '1', company: name.slice(0, 100) })
        expect(client.name).toBe(name)
        created.push(client)
        const trip = await agency().created('/trips', { client_id: client.id, destination: name.slice(0, 100), start_date: '2027-01-01', end_date: '2027-01-02', price: 1, notes: name })
        expect(trip).toMatchObject({ destination: name, notes: name })
        const note = await agency().created(`/clients/${client.id}/notes`, { note: name })
        expect(note.note).toBe(name)
      }
      const agent = agency().as('agent')
      for (const { id, name } of created) {
        expect((await agent.get(`/clients/${id}`)).body).toMatchObject({ name, company: name })
        const found = await agent.get(`/clients?name=${encodeURIComponent(name)}&limit=500`)
        expect(found.status, found.text).toBe(200)
        expect(found.body.map((client: { id: number }) => client.id), name).toContain(id)
      }
      // LIKE wildcards are searched for as themselves, not as "anything".
      const percent = await agent.get('/clients?name=%25&limit=500')
      expect(percent.body.map((client: { name: string }) => client.name)).toEqual([NAMES[3]])
      const underscore = await agent.get('/clients?name=_&limit=500')
      expect(underscore.body.every((client: { name: string }) => client.name.includes('_'))).toBe(true)
      for (const path of ['/clients', '/trips', '/invoices', '/payments']) expect((await agent.get(path)).status).toBe(200)

      const sample = created[5] as { id: number, name: string }
      const statement = await eventually(async () => {
        const reply = await agent.get(`/clients/${sample.id}/details`)
        expect(reply.status).toBe(200)
        expect(reply.body.notes).toHaveLength(1)
        return reply.body
      })
      expect(statement).toMatchObject({ name: sample.name, company: sample.name, notes: [{ note: sample.name }], trips: [{ destination: sample.name, notes: sample.name }] })
      for (const { id, name } of created) {
        const csv = await eventually(async () => {
          const reply = await agent.get(`/clients/${id}/details/export`)
          expect(reply.status).toBe(200)
          const cells = parseCsv(reply.text.replace(/^\uFEFF/, '')).flat()
          expect(cells).toContain(name)
          return cells
        })
        expect(csv.filter((cell) => cell === name).length, name).toBeGreaterThanOrEqual(3)
      }
    })
  })
}
