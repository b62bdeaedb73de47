import { defineEntity } from '@mikro-orm/core'

const p = defineEntity.properties

/**
 * Who made a record and last changed it, when, and how often it changed (`version`, the ETag): the columns
 * every entity of every service carries, as MikroORM property builders to spread into `defineEntity`.
 */
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

/** The audit fields of a record created now; `userId` is null for records that another service's event causes. */
export function createdBy (userId: number | null, now = new Date()): Audited {
  return { createdAt: now, updatedAt: now, createdBy: userId, updatedBy: userId, version: 1 }
}

/** Marks a record as changed by someone now: a new version. */
export function markChanged (record: Audited, userId: number | null, now = new Date()): void {
  record.updatedAt = now
  record.updatedBy = userId
  record.version += 1
}

/** The audit fields as every response and event spells them (the `Audit` schema of the contracts). */
export function auditFields (record: Audited) {
  return {
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
    created_by: record.createdBy ?? null,
    updated_by: record.updatedBy ?? null,
    version: record.version
  }
}

/**
 * A record as its deletion leaves it, for the deleted event: changed by whoever deleted it, now, one version on,
 * so that consumers which ignore older versions apply the deletion after every change that came before it.
 */
export function deletionOf<Record extends Audited> (record: Record, userId: number | null, now = new Date()): Record {
  return { ...record, updatedAt: now, updatedBy: userId, version: record.version + 1 }
}
