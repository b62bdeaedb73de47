import { Type, type Static } from 'typebox'
import { Timestamp } from './schemas.js'

/**
 * A client or trip whose money must stay is archived instead of deleted: it leaves the default lists, stays
 * readable and in every report, and takes nothing new (trips, invoices, payments).
 */
export const ARCHIVED_FILTERS = ['include', 'only'] as const
export type ArchivedFilter = (typeof ARCHIVED_FILTERS)[number]

/**
 * When the record was archived, null while it is live. Optional only because events published before
 * archiving existed lack it (such a record is live); every event crm publishes now carries it.
 */
export const ArchivedAt = Type.Optional(Type.Union([Timestamp, Type.Null()], { description: 'when it was archived; null while live' }))

export const ARCHIVE_MOVES = ['archived', 'restored'] as const
export type ArchiveMove = (typeof ARCHIVE_MOVES)[number]

export type ArchivedAt = Static<typeof ArchivedAt>

/** The archived-filter's meaning for a list query, so that every service reads it the same way. */
export function archivedScope (filter: ArchivedFilter | undefined): 'live' | 'all' | 'archived' {
  if (filter === 'include') return 'all'
  if (filter === 'only') return 'archived'
  return 'live'
}
