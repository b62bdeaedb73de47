import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { addMoney, commissionStatusCondition, compareMoney, todayUtc, type BookingPayload, type CommissionListQuery } from '@travel-crm/contracts'
import { createdBy, markChanged } from '@travel-crm/service-kit/data'
import { withExtensions } from '@travel-crm/service-kit/http'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { checkPaymentDate, daysAfter } from '../date-window.js'
import { BillingProblems } from '../problems.js'
import { Commission, CommissionPayment, commissionPayload, commissionPaymentPayload, openBalance } from './entities.js'

/** A receivable the agency follows: a booking with a commission, or one on which a supplier already paid. */
function followed (commission: Pick<Commission, 'expected' | 'received'>): boolean {
  return compareMoney(commission.expected, '0.00') > 0 || compareMoney(commission.received, '0.00') > 0
}

async function announce (events: EventSink, commission: Commission, now: Date): Promise<void> {
  await events.emit({ subject: 'billing.commission.updated', about: `commission/${commission.bookingId}`, data: commissionPayload(commission, now) })
}

/**
 * Applies crm.booking.created/updated unless billing already holds this version of the booking or a later one
 * (or its tombstone): the expected commission, its currency and the day it falls due follow the booking.
 */
export async function rememberBooking (em: EntityManager, events: EventSink, booking: BookingPayload, dueDays: number, change: Change): Promise<void> {
  const held = await em.findOne(Commission, { bookingId: booking.id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  const terms = {
    tripId: booking.trip_id,
    supplierId: booking.supplier_id,
    currency: booking.currency,
    expected: booking.commission,
    dueDate: daysAfter(booking.end_date, dueDays),
    cancelled: booking.status === 'cancelled',
    bookingVersion: booking.version
  }
  if (held === null) {
    const commission = em.create(Commission, { bookingId: booking.id, ...terms, received: '0.00', deleted: false, ...createdBy(null, change.now) })
    await em.flush()
    if (followed(commission)) await announce(events, commission, change.now)
    return
  }
  if (held.deleted || held.bookingVersion >= booking.version) return
  const wasFollowed = followed(held)
  Object.assign(held, terms)
  markChanged(held, null, change.now)
  await em.flush()
  if (wasFollowed || followed(held)) await announce(events, held, change.now)
}

/** Applies crm.booking.deleted: the receivable is cancelled for good (its payments, if any, stay). */
export async function forgetBooking (em: EntityManager, events: EventSink, booking: BookingPayload, dueDays: number, change: Change): Promise<void> {
  await rememberBooking(em, events, booking, dueDays, change)
  const held = await em.findOne(Commission, { bookingId: booking.id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (held === null || held.deleted) return
  const wasCancelled = held.cancelled
  Object.assign(held, { deleted: true, cancelled: true })
  markChanged(held, null, change.now)
  await em.flush()
  if (followed(held) && !wasCancelled) await announce(events, held, change.now)
}

export interface NewCommissionPayment {
  bookingId: number
  amount: string
  receivedDate: string | undefined
}

/**
 * Records commission a supplier paid. The receivable stays locked from the balance check to the commit, so
 * payments that arrive together never add up to more than is expected.
 */
export async function recordCommissionPayment (em: EntityManager, events: EventSink, input: NewCommissionPayment, change: Change): Promise<{ payment: CommissionPayment, commission: Commission }> {
  const commission = await em.findOne(Commission, { bookingId: input.bookingId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
  if (commission === null || !followed(commission)) throw new BillingProblems.commissionNotFound(input.bookingId)
  if (commission.cancelled) throw new BillingProblems.commissionCancelled(input.bookingId)
  const balance = openBalance(commission)
  if (compareMoney(input.amount, balance) > 0) {
    throw withExtensions(new BillingProblems.commissionExceedsBalance(input.amount, balance, commission.currency), { balance, currency: commission.currency })
  }
  if (input.receivedDate !== undefined) checkPaymentDate(input.receivedDate, change.now)
  const payment = em.create(CommissionPayment, {
    bookingId: commission.bookingId,
    amount: input.amount,
    receivedDate: input.receivedDate ?? todayUtc(change.now),
    ...createdBy(change.actorId, change.now)
  })
  commission.received = addMoney(commission.received, input.amount)
  markChanged(commission, change.actorId, change.now)
  await em.flush()
  await events.emit({ subject: 'billing.commission.received', about: `commission-payment/${payment.id}`, data: commissionPaymentPayload(payment, commission) })
  await announce(events, commission, change.now)
  return { payment, commission }
}

/** The columns of the commission table to the status rule of the contracts; `?` is today. */
const COLUMNS = { cancelled: 'c.cancelled', amount: 'c.expected', paid: 'c.received', dueDate: 'c.due_date', today: '?' }

export async function searchCommissions (em: EntityManager, query: CommissionListQuery, today: string): Promise<{ commissions: Commission[], total: number }> {
  const search = em.createQueryBuilder(Commission, 'c').where('(c.expected > 0 or c.received > 0)')
  if (query.supplier_id !== undefined) search.andWhere({ supplierId: query.supplier_id })
  if (query.status !== undefined) {
    const condition = commissionStatusCondition(query.status, COLUMNS)
    search.andWhere(condition, condition.includes('?') ? [today] : [])
  }
  const [commissions, total] = await search.orderBy({ dueDate: 'asc', bookingId: 'asc' }).limit(query.limit).offset(query.offset).getResultAndCount()
  return { commissions, total }
}
