import { readFileSync } from 'node:fs'
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
