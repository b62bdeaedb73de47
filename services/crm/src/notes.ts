import { ForeignKeyConstraintViolationException, LockMode, type EntityManager } from '@mikro-orm/postgresql'
import type { NoteListQuery } from '@travel-crm/contracts'
import { createdBy, deletionOf, findPage, markChanged, type Page } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { findClient, readClient } from './clients.js'
import { Note } from './entities/note.js'
import { noteChanged } from './change-events.js'
import { CrmProblems } from './problems.js'

/** A note is reached only through its own client: a note of another client is as good as missing. */
async function findNote (em: EntityManager, clientId: number, id: number): Promise<Note> {
  const note = await em.findOne(Note, { id, clientId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (note === null) throw new CrmProblems.noteNotFound(id, clientId)
  return note
}

export async function writeNote (em: EntityManager, events: EventSink, change: Change, clientId: number, text: string): Promise<Note> {
  await findClient(em, clientId)
  const note = em.create(Note, { clientId, note: text.trim(), ...createdBy(change.actorId, change.now) })
  try {
    await em.flush()
  } catch (error) {
    // The client was deleted between the look and the write.
    if (error instanceof ForeignKeyConstraintViolationException) throw new CrmProblems.clientNotFound(clientId)
    throw error
  }
  await events.emit(noteChanged('created', note))
  return note
}

/** The newest notes first, as the agency reads a client's history. */
export async function listNotes (em: EntityManager, clientId: number, query: NoteListQuery): Promise<Page<Note>> {
  await readClient(em, clientId)
  return await findPage(em, Note, { where: () => ({ clientId }), order: 'desc', limit: query.limit, offset: query.offset })
}

export async function rewriteNote (
  em: EntityManager, events: EventSink, change: Change, clientId: number, id: number, text: string
): Promise<Note> {
  const note = await findNote(em, clientId, id)
  change.precondition(`Note ${id}`, note.version)
  if (note.note === text.trim()) return note
  note.note = text.trim()
  markChanged(note, change.actorId, change.now)
  await em.flush()
  await events.emit(noteChanged('updated', note))
  return note
}

export async function deleteNote (em: EntityManager, events: EventSink, clientId: number, id: number, change: Change): Promise<void> {
  const note = await findNote(em, clientId, id)
  change.precondition(`Note ${id}`, note.version)
  await em.nativeDelete(Note, { id })
  await events.emit(noteChanged('deleted', deletionOf(note, change.actorId, change.now)))
}
