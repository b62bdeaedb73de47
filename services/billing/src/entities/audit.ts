import { defineEntity } from '@mikro-orm/core'

const p = defineEntity.properties

/** Who made a record, who changed it last and when, and its `version` (the ETag, bumped by every change). */
export const auditProperties = {
  createdAt: p.datetime().columnType('timestamptz'),
  updatedAt: p.datetime().columnType('timestamptz'),
  createdBy: p.integer().nullable(),
  updatedBy: p.integer().nullable(),
  version: p.integer()
}

export interface Audited {
  createdAt: Date
  updatedAt: Date
  createdBy: number | null | undefined
  updatedBy: number | null | undefined
  version: number
}

export function newRecord (userId: number | null, now: Date): Audited {
  return { createdAt: now, updatedAt: now, createdBy: userId, updatedBy: userId, version: 1 }
}

export function markChanged (record: Audited, userId: number | null, now: Date): void {
  record.updatedAt = now
  record.updatedBy = userId
  record.version += 1
}

export function auditFields (record: Audited) {
  return {
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
    created_by: record.createdBy ?? null,
    updated_by: record.updatedBy ?? null,
    version: record.version
  }
}
