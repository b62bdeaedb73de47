import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { CloudEvent, STREAM_SUBJECT_ROOTS } from '../src/events/envelope.js'
import { EVENT_CATALOGUE, EVENT_SUBJECTS, QUERY_SUBJECTS, STREAM_SUBJECTS } from '../src/events/subjects.js'

describe('event catalogue', () => {
  it('publishes every subject into the stream, and queries outside it', () => {
    for (const subject of EVENT_SUBJECTS) {
      expect(STREAM_SUBJECT_ROOTS, subject).toContain(subject.split('.')[0])
      expect(subject).toMatch(/^[a-z]+\.[a-z]+\.[a-z_]+$/)
    }
    for (const subject of Object.values(QUERY_SUBJECTS)) {
      expect(EVENT_SUBJECTS).not.toContain(subject)
      expect(subject.split('.')[1]).toBe('query')
    }
    expect(EVENT_SUBJECTS.length).toBe(Object.keys(EVENT_CATALOGUE).length)
  })

  it('stores every event subject in the stream and no query subject', () => {
    // NATS wildcard matching for the patterns the stream uses (`*` is one token).
    const stored = (subject: string) => STREAM_SUBJECTS.some((pattern) => {
      const tokens = subject.split('.')
      const wanted = pattern.split('.')
      return tokens.length === wanted.length && wanted.every((token, index) => token === '*' || token === tokens[index])
    })
    for (const subject of EVENT_SUBJECTS) expect(stored(subject), subject).toBe(true)
    for (const subject of Object.values(QUERY_SUBJECTS)) expect(stored(subject), subject).toBe(false)
  })

  it('describes every payload with a version', () => {
    for (const subject of EVENT_SUBJECTS) {
      const payload = EVENT_CATALOGUE[subject].payload as unknown as { properties: Record<string, unknown>, required: string[] }
      expect(payload.properties, subject).toHaveProperty('version')
      expect(payload.required, subject).toContain('version')
      expect(payload.required, subject).toContain('id')
    }
  })
})

describe('CloudEvent', () => {
  const envelope = {
    specversion: '1.0',
    id: '6b0c7a2e-8f7d-4f7e-9a51-1c9c1b7f2d10',
    source: 'travel-crm/crm',
    type: 'crm.client.created',
    time: '2027-05-01T10:00:00.000Z',
    subject: 'client/7',
    datacontenttype: 'application/json',
    actorid: '1',
    data: { id: 7 }
  }

  it('accepts a CloudEvents 1.0 envelope', () => {
    expect(Value.Check(CloudEvent, envelope)).toBe(true)
  })

  it('refuses an envelope of another spec version or without an id', () => {
    expect(Value.Check(CloudEvent, { ...envelope, specversion: '0.3' })).toBe(false)
    const { id: _id, ...withoutId } = envelope
    expect(Value.Check(CloudEvent, withoutId)).toBe(false)
  })
})
