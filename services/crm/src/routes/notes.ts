import { Type } from 'typebox'
import { IdParams, Note, NoteListQuery, NoteParams, NoteWrite } from '@travel-crm/contracts'
import { paged, problemResponses, tagged, noContent } from '@travel-crm/service-kit/http'
import { changeOf, createdResponse, respondOnce, servicePlugin } from '@travel-crm/service-kit/messaging'
import { noteAnswer } from '../entities/note.js'
import { deleteNote, listNotes, rewriteNote, writeNote } from '../notes.js'
import { CrmProblems } from '../problems.js'

export const noteRoutes = servicePlugin(async (app) => {
  app.get('/clients/:id/notes', {
    schema: { params: IdParams, querystring: NoteListQuery, response: { 200: Type.Array(Note), ...problemResponses(404) } }
  }, async (request, reply) => {
    const { rows, total } = await listNotes(app.orm.em.fork(), request.params.id, request.query)
    return paged(request, reply, total, request.query).send(rows.map(noteAnswer))
  })

  app.post('/clients/:id/notes', {
    schema: { params: IdParams, body: NoteWrite, response: { 201: Note, ...problemResponses(404, 409, 422) } }
  }, async (request, reply) => await respondOnce(app, request, reply, async (em, events) => {
    const note = await writeNote(em, events, changeOf(request, CrmProblems.staleVersion), request.params.id, request.body.note)
    return createdResponse(`/clients/${note.clientId}/notes/${note.id}`, note.version, noteAnswer(note))
  }))

  app.patch('/clients/:id/notes/:noteId', {
    schema: { params: NoteParams, body: NoteWrite, response: { 200: Note, ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const { id, noteId } = request.params
    const change = changeOf(request, CrmProblems.staleVersion)
    const note = await app.transact(change.origin, async (em, events) =>
      await rewriteNote(em, events, change, id, noteId, request.body.note))
    return tagged(reply, note.version).send(noteAnswer(note))
  })

  app.delete('/clients/:id/notes/:noteId', {
    schema: { params: NoteParams, response: { 204: Type.Null(), ...problemResponses(404, 412) } }
  }, async (request, reply) => {
    const { id, noteId } = request.params
    const change = changeOf(request, CrmProblems.staleVersion)
    await app.transact(change.origin, async (em, events) => { await deleteNote(em, events, id, noteId, change) })
    return noContent(reply)
  })
})
