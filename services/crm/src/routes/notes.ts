import { Type, type Static } from 'typebox'
import { IdParams, Note, NoteListQuery, NoteParams, NoteWrite } from '@travel-crm/contracts'
import { createdResponse, originOf, paged, problemResponses, respondOnce, type ServiceApp } from '@travel-crm/service-kit'
import { notePayload } from '../entities/note.js'
import { deleteNote, listNotes, rewriteNote, writeNote } from '../notes.js'
import { tagged } from './replies.js'
import { ifMatch, userOf } from './requests.js'

type IdParams = Static<typeof IdParams>

export async function noteRoutes (app: ServiceApp): Promise<void> {
  app.get<{ Params: IdParams, Querystring: NoteListQuery }>('/clients/:id/notes', {
    schema: { params: IdParams, querystring: NoteListQuery, response: { 200: Type.Array(Note), ...problemResponses(404) } }
  }, async (request, reply) => {
    const { rows, total } = await listNotes(app.orm.em.fork(), request.params.id, request.query)
    return paged(request, reply, total, request.query).send(rows.map(notePayload))
  })

  app.post<{ Params: IdParams, Body: NoteWrite }>('/clients/:id/notes', {
    schema: { params: IdParams, body: NoteWrite, response: { 201: Note, ...problemResponses(404, 409, 422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const note = await writeNote(em, events, userOf(request), request.params.id, request.body.note)
    return createdResponse(`/clients/${note.clientId}/notes/${note.id}`, note.version, notePayload(note))
  }))

  app.patch<{ Params: NoteParams, Body: NoteWrite }>('/clients/:id/notes/:noteId', {
    schema: { params: NoteParams, body: NoteWrite, response: { 200: Note, ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const { id, noteId } = request.params
    const note = await app.transact(originOf(request), async (em, events) =>
      await rewriteNote(em, events, userOf(request), id, noteId, request.body.note, ifMatch(request)))
    return tagged(reply, note.version).send(notePayload(note))
  })

  app.delete<{ Params: NoteParams }>('/clients/:id/notes/:noteId', {
    schema: { params: NoteParams, response: { 204: Type.Null(), ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const { id, noteId } = request.params
    await app.transact(originOf(request), async (em, events) => { await deleteNote(em, events, id, noteId, ifMatch(request)) })
    return reply.code(204).send()
  })
}
