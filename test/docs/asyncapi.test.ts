import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { asyncApiDocument, EVENT_SUBJECTS } from '@travel-crm/contracts'

describe('the AsyncAPI document', () => {
  const document = asyncApiDocument() as { asyncapi: string, channels: Record<string, { address: string }>, operations: Record<string, { action: string }> }

  it('describes every subject of the catalogue as a channel integrators receive from', () => {
    expect(document.asyncapi).toBe('3.0.0')
    expect(Object.keys(document.channels).sort()).toEqual([...EVENT_SUBJECTS].sort())
    for (const subject of EVENT_SUBJECTS) {
      expect(document.channels[subject]?.address).toBe(subject)
      expect(document.operations[`receive.${subject}`]?.action).toBe('receive')
    }
  })

  it('is the one committed in docs/asyncapi.json (regenerate with pnpm docs:asyncapi)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/asyncapi.json', import.meta.url), 'utf8')) as unknown
    expect(committed).toEqual(document)
  })
})

const SERVICES_DIR = new URL('../../services/', import.meta.url)

function sourceFiles (dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => entry.isDirectory()
    ? sourceFiles(new URL(`${entry.name}/`, dir))
    : entry.name.endsWith('.ts') ? [new URL(entry.name, dir)] : [])
}

/**
 * The subjects a source file emits: `subject: 'billing.payment.recorded'`, and templates such as
 * `subject: \`crm.trip.${change}\``, expanded with the file's one string-literal union type.
 */
function emittedSubjects (source: string, file: string): string[] {
  const literal = [...source.matchAll(/subject: '([a-z]+\.[a-z]+\.[a-z_]+)'/g)].map((match) => match[1] as string)
  const templates = [...source.matchAll(/subject: `([a-z.]+)\$\{\w+\}`/g)].map((match) => match[1] as string)
  if (templates.length === 0) return literal
  const unions = [...source.matchAll(/type \w+ = ((?:'[a-z]+'(?: \| )?)+)/g)]
  expect(unions.length, `${file} builds subjects from a template; it needs exactly one string-literal union to expand them with`).toBe(1)
  const values = [...(unions[0]?.[1] ?? '').matchAll(/'([a-z]+)'/g)].map((match) => match[1] as string)
  return [...literal, ...templates.flatMap((prefix) => values.map((value) => `${prefix}${value}`))]
}

describe('the subjects the services publish', () => {
  it('are all in the AsyncAPI document, found in the source of each service that publishes', () => {
    const document = asyncApiDocument() as { channels: Record<string, unknown> }
    const found: Record<string, string[]> = {}
    for (const service of ['auth', 'crm', 'billing', 'reporting', 'webhooks']) {
      found[service] = sourceFiles(new URL(`${service}/src/`, SERVICES_DIR))
        .flatMap((file) => emittedSubjects(readFileSync(file, 'utf8'), file.pathname))
    }
    for (const service of ['auth', 'crm', 'billing']) expect(found[service]?.length, `subjects emitted by ${service}`).toBeGreaterThan(0)
    for (const subject of Object.values(found).flat()) expect(Object.keys(document.channels), subject).toContain(subject)
    // Nothing in the catalogue that no service publishes: the document promises only real events.
    expect(new Set(Object.values(found).flat())).toEqual(new Set(EVENT_SUBJECTS))
  })
})
