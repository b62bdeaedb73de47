import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { Note, type Client } from '@travel-crm/contracts'
import { startCrm, type CrmUnderTest } from '../crm-under-test.js'
import { aClient } from '../fixtures.js'

let crm: CrmUnderTest

beforeAll(async () => { crm = await startCrm() })
afterAll(async () => { await crm?.close() })

async function createClient (): Promise<Client> {
  return (await crm.app.inject({ method: 'POST', url: '/clients', headers: crm.as('agent'), payload: aClient() })).json<Client>()
}

async function writeNote (clientId: number, note: string, userId = 2): Promise<Note> {
  const response = await crm.app.inject({ method: 'POST', url: `/clients/${clientId}/notes`, headers: crm.as('agent', userId), payload: { note } })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<Note>()
}

describe('POST /clients/:id/notes', () => {
  it('writes a note, trimmed, with who wrote it and when', async () => {
    const client = await createClient()
    const response = await crm.app.inject({ method: 'POST', url: `/clients/${client.id}/notes`, headers: crm.as('agent', 42), payload: { note: '  Prefers aisle seats.\n' } })
    expect(response.statusCode).toBe(201)
    const note = response.json<Note>()
    expect(Value.Check(Note, note)).toBe(true)
    expect(note).toMatchObject({ client_id: client.id, note: 'Prefers aisle seats.', created_by: 42, updated_by: 42, version: 1 })
    expect(Date.parse(note.created_at)).not.toBeNaN()
    expect(response.headers['location']).toBe(`/clients/${client.id}/notes/${note.id}`)
    expect(response.headers['etag']).toBe('"1"')
  })

  it('counts the 5,000 characters after trimming', async () => {
    const client = await createClient()
    expect((await writeNote(client.id, 'n'.repeat(5000))).note).toHaveLength(5000)
    expect((await writeNote(client.id, `  ${'n'.repeat(5000)}  `)).note).toHaveLength(5000)
  })

  const invalid: Array<[string, unknown]> = [
    ['a blank note', { note: ' \n\t ' }],
    ['an empty note', { note: '' }],
    ['a note of 5,001 characters', { note: 'n'.repeat(5001) }],
    ['a missing note', {}],
    ['a note that is a number', { note: 5 }],
    ['a null note', { note: null }],
    ['an unknown field', { note: 'Hi', pinned: true }],
    ['a created_by', { note: 'Hi', created_by: 1 }],
    ['a client_id', { note: 'Hi', client_id: 1 }],
    ['an array', ['Hi']]
  ]
  it.each(invalid)('refuses %s with 400 and writes nothing', async (_case, body) => {
    const client = await createClient()
    await crm.refused({ method: 'POST', url: `/clients/${client.id}/notes`, headers: crm.as('agent'), payload: body as object }, 400, 'VALIDATION_FAILED')
  })

  it('refuses broken JSON and no body', async () => {
    const client = await createClient()
    await crm.refused({ method: 'POST', url: `/clients/${client.id}/notes`, headers: { ...crm.as('agent'), 'content-type': 'application/json' }, payload: '{"note"' }, 400, 'INVALID_JSON')
    await crm.refused({ method: 'POST', url: `/clients/${client.id}/notes`, headers: crm.as('agent') }, 400, 'VALIDATION_FAILED')
  })

  it('answers 404 for a missing client, 400 for an id that is not one, 403 for an analyst', async () => {
    await crm.refused({ method: 'POST', url: '/clients/999999/notes', headers: crm.as('agent'), payload: { note: 'Hi' } }, 404, 'CRM_CLIENT_NOT_FOUND')
    await crm.refused({ method: 'POST', url: '/clients/x/notes', headers: crm.as('agent'), payload: { note: 'Hi' } }, 400, 'VALIDATION_FAILED')
    const client = await createClient()
    await crm.refused({ method: 'POST', url: `/clients/${client.id}/notes`, headers: crm.as('analyst'), payload: { note: 'Hi' } }, 403, 'FORBIDDEN')
  })
})

describe('GET /clients/:id/notes', () => {
  it('lists the notes of one client, newest first, paged', async () => {
    const client = await createClient()
    const other = await createClient()
    const written = [await writeNote(client.id, 'first'), await writeNote(client.id, 'second'), await writeNote(client.id, 'third')]
    await writeNote(other.id, 'not theirs')
    const page = await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/notes?limit=2`, headers: crm.as('analyst') })
    expect(page.statusCode).toBe(200)
    expect(page.json<Note[]>().map((note) => note.note)).toEqual(['third', 'second'])
    expect(page.headers['x-total-count']).toBe('3')
    expect(page.headers['link']).toBe(`</clients/${client.id}/notes?limit=2&offset=2>; rel="next"`)
    const rest = await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/notes?limit=2&offset=2`, headers: crm.as('analyst') })
    expect(rest.json()).toEqual([written[0]])
    expect(rest.headers['link']).toBeUndefined()
  })

  it('answers 404 for a missing client and 400 for bad paging', async () => {
    await crm.refused({ method: 'GET', url: '/clients/999999/notes', headers: crm.as('analyst') }, 404, 'CRM_CLIENT_NOT_FOUND')
    const client = await createClient()
    await crm.refused({ method: 'GET', url: `/clients/${client.id}/notes?limit=1000`, headers: crm.as('analyst') }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'GET', url: `/clients/${client.id}/notes`, headers: {} }, 401, 'UNAUTHENTICATED')
  })
})

describe('PATCH /clients/:id/notes/:noteId', () => {
  it('rewrites a note with a new version and who changed it', async () => {
    const client = await createClient()
    const note = await writeNote(client.id, 'Call back on Monday', 2)
    const response = await crm.app.inject({ method: 'PATCH', url: `/clients/${client.id}/notes/${note.id}`, headers: crm.as('admin', 1), payload: { note: 'Called back' } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ ...note, note: 'Called back', version: 2, created_by: 2, updated_by: 1, updated_at: expect.any(String) })
    expect(response.headers['etag']).toBe('"2"')
  })

  it('treats a note of another client as missing (404) and changes nothing', async () => {
    const client = await createClient()
    const other = await createClient()
    const note = await writeNote(other.id, 'Theirs')
    await crm.refused({ method: 'PATCH', url: `/clients/${client.id}/notes/${note.id}`, headers: crm.as('agent'), payload: { note: 'Mine now' } }, 404, 'CRM_NOTE_NOT_FOUND')
    await crm.refused({ method: 'PATCH', url: `/clients/999999/notes/${note.id}`, headers: crm.as('agent'), payload: { note: 'Mine now' } }, 404, 'CRM_NOTE_NOT_FOUND')
    await crm.refused({ method: 'PATCH', url: `/clients/${other.id}/notes/999999`, headers: crm.as('agent'), payload: { note: 'x' } }, 404, 'CRM_NOTE_NOT_FOUND')
    await crm.refused({ method: 'PATCH', url: `/clients/${other.id}/notes/abc`, headers: crm.as('agent'), payload: { note: 'x' } }, 400, 'VALIDATION_FAILED')
    const list = await crm.app.inject({ method: 'GET', url: `/clients/${other.id}/notes`, headers: crm.as('agent') })
    expect(list.json()).toEqual([note])
  })

  it('refuses bad bodies and stale versions', async () => {
    const client = await createClient()
    const note = await writeNote(client.id, 'Original')
    const url = `/clients/${client.id}/notes/${note.id}`
    await crm.refused({ method: 'PATCH', url, headers: crm.as('agent'), payload: {} }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'PATCH', url, headers: crm.as('agent') }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'PATCH', url, headers: { ...crm.as('agent'), 'content-type': 'application/json' }, payload: '{"note": "x' }, 400, 'INVALID_JSON')
    await crm.refused({ method: 'PATCH', url, headers: crm.as('agent'), payload: { note: 7 } }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'PATCH', url, headers: crm.as('agent'), payload: { note: '   ' } }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'PATCH', url, headers: crm.as('agent'), payload: { note: 'x', version: 2 } }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'PATCH', url, headers: crm.as('agent'), payload: { note: 'n'.repeat(5001) } }, 400, 'VALIDATION_FAILED')
    await crm.refused({ method: 'PATCH', url, headers: { ...crm.as('agent'), 'if-match': '"5"' }, payload: { note: 'Stale' } }, 412, 'CRM_STALE_VERSION')
    await crm.refused({ method: 'PATCH', url, headers: crm.as('analyst'), payload: { note: 'x' } }, 403, 'FORBIDDEN')
  })
})

describe('DELETE /clients/:id/notes/:noteId', () => {
  it('deletes a note of this client only; only admins may', async () => {
    const client = await createClient()
    const other = await createClient()
    const note = await writeNote(client.id, 'Delete me')
    const kept = await writeNote(client.id, 'Keep me')
    await crm.refused({ method: 'DELETE', url: `/clients/${other.id}/notes/${note.id}`, headers: crm.as('admin') }, 404, 'CRM_NOTE_NOT_FOUND')
    await crm.refused({ method: 'DELETE', url: `/clients/${client.id}/notes/${note.id}`, headers: crm.as('agent') }, 403, 'FORBIDDEN')
    const response = await crm.app.inject({ method: 'DELETE', url: `/clients/${client.id}/notes/${note.id}`, headers: crm.as('admin') })
    expect(response.statusCode).toBe(204)
    const list = await crm.app.inject({ method: 'GET', url: `/clients/${client.id}/notes`, headers: crm.as('admin') })
    expect(list.json()).toEqual([kept])
    await crm.refused({ method: 'DELETE', url: `/clients/${client.id}/notes/${note.id}`, headers: crm.as('admin') }, 404, 'CRM_NOTE_NOT_FOUND')
  })
})
