import { LockMode, type EntityManager, type ObjectQuery } from '@mikro-orm/postgresql'
import { parseMoney, trimmedOrNull, type SupplierCreate, type SupplierListQuery, type SupplierPatch } from '@travel-crm/contracts'
import { createdBy, deletionOf, findPage, findRow, markChanged, type Page, searchTerm } from '@travel-crm/service-kit/data'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { Booking } from './entities/booking.js'
import { Supplier } from './entities/supplier.js'
import { supplierChanged } from './change-events.js'
import { CrmProblems } from './problems.js'
import { containing, indexServes } from './substring-search.js'

/** The request schema already refused a rate that is not one; this only narrows the type. */
function rate (input: unknown): string {
  const percent = parseMoney(input)
  if (percent === undefined) throw new TypeError('the commission rate passed validation but is not a percentage')
  return percent
}

export async function createSupplier (em: EntityManager, events: EventSink, change: Change, input: SupplierCreate): Promise<Supplier> {
  const supplier = em.create(Supplier, {
    name: input.name.trim(),
    kind: input.kind,
    email: input.email ?? null,
    phone: trimmedOrNull(input.phone),
    defaultCommissionRate: input.default_commission_rate === undefined ? '0.00' : rate(input.default_commission_rate),
    ...createdBy(change.actorId, change.now)
  })
  await em.flush()
  await events.emit(supplierChanged('created', supplier))
  return supplier
}

/** The supplier, locked when a booking is to be written with it or it is to change. */
export async function findSupplier (em: EntityManager, id: number, lock = false): Promise<Supplier> {
  const supplier = await em.findOne(Supplier, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {})
  if (supplier === null) throw new CrmProblems.supplierNotFound(id)
  return supplier
}

export async function readSupplier (em: EntityManager, id: number): Promise<Supplier> {
  const supplier = await findRow(em, Supplier, { id })
  if (supplier === undefined) throw new CrmProblems.supplierNotFound(id)
  return supplier
}

export async function listSuppliers (em: EntityManager, query: SupplierListQuery): Promise<Page<Supplier>> {
  const name = searchTerm(query.name)
  return await findPage(em, Supplier, {
    where: () => {
      const conditions: ObjectQuery<Supplier> = name === undefined ? {} : containing<Supplier>('name', name)
      if (query.kind !== undefined) conditions.kind = query.kind
      return conditions
    },
    order: 'asc',
    limit: query.limit,
    offset: query.offset,
    search: name !== undefined && indexServes('name', name)
  })
}

export async function updateSupplier (
  em: EntityManager, events: EventSink, change: Change, id: number, changes: SupplierPatch
): Promise<Supplier> {
  const supplier = await findSupplier(em, id, true)
  change.precondition(`Supplier ${id}`, supplier.version)
  const next = {
    name: changes.name?.trim() ?? supplier.name,
    kind: changes.kind ?? supplier.kind,
    email: changes.email === undefined ? supplier.email ?? null : changes.email,
    phone: changes.phone === undefined ? supplier.phone ?? null : trimmedOrNull(changes.phone),
    defaultCommissionRate: changes.default_commission_rate === undefined ? supplier.defaultCommissionRate : rate(changes.default_commission_rate)
  }
  if ((Object.keys(next) as Array<keyof typeof next>).every((field) => next[field] === (supplier[field] ?? null))) return supplier
  Object.assign(supplier, next)
  markChanged(supplier, change.actorId, change.now)
  await em.flush()
  await events.emit(supplierChanged('updated', supplier))
  return supplier
}

/**
 * A supplier stays while bookings name it: they are what the agency bought, and their margins need it. The row
 * lock waits for a booking being written with it (its foreign key check holds a key-share lock), so the count
 * sees that booking too.
 */
export async function deleteSupplier (em: EntityManager, events: EventSink, id: number, change: Change): Promise<void> {
  const supplier = await findSupplier(em, id, true)
  change.precondition(`Supplier ${id}`, supplier.version)
  const bookings = await em.count(Booking, { supplierId: id })
  if (bookings > 0) throw new CrmProblems.supplierHasBookings(id, bookings)
  await em.nativeDelete(Supplier, { id })
  await events.emit(supplierChanged('deleted', deletionOf(supplier, change.actorId, change.now)))
}
