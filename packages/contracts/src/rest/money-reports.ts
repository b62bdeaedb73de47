// REST schemas of reporting's money-over-time reports: trip margins and commissions.
import { Type, type Static } from 'typebox'
import { ExportOptions } from './documents.js'
import { Currency, DateOnly, DecimalString, LiteralUnion, StrictObject } from '../schemas.js'

export const TRIP_MARGIN_GROUPS = ['trip', 'destination', 'month'] as const

/** Trips whose start date is in `from`..`to` (both included), grouped one way. */
export const TripMarginsQuery = StrictObject({
  group_by: Type.Optional(LiteralUnion(TRIP_MARGIN_GROUPS, { default: 'trip', description: 'trip (the default), destination, or the month the trip starts' })),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly)
})

export const TripMarginsExportQuery = StrictObject({ ...TripMarginsQuery.properties, ...ExportOptions })

const Nullable = <Schema extends Parameters<typeof Type.Union>[0][number]>(schema: Schema, description: string) =>
  Type.Union([schema, Type.Null()], { description })

/**
 * The money of the bookings (not cancelled) of one group in one currency, as crm sums a trip's: margin is
 * sell - cost + commission. Only the group's own fields are set; the others are null.
 */
export const TripMarginRow = Type.Object({
  trip_id: Nullable(Type.Integer(), 'by trip'),
  destination: Nullable(Type.String(), 'by trip and by destination'),
  start_date: Nullable(Type.String({ format: 'date' }), 'by trip'),
  year: Nullable(Type.Integer(), 'by month: the year the trips start'),
  month: Nullable(Type.Integer({ minimum: 1, maximum: 12 }), 'by month: the month the trips start'),
  currency: Currency,
  trips: Type.Integer({ minimum: 1 }),
  sell: DecimalString,
  cost: DecimalString,
  commission: DecimalString,
  margin: DecimalString
})
export const TripMargins = Type.Array(TripMarginRow)

export type TripMarginGroup = (typeof TRIP_MARGIN_GROUPS)[number]
export type TripMarginsQuery = Static<typeof TripMarginsQuery>
export type TripMarginsExportQuery = Static<typeof TripMarginsExportQuery>
export type TripMarginRow = Static<typeof TripMarginRow>

export const COMMISSION_GROUPS = ['supplier', 'month'] as const

export const CommissionReportQuery = StrictObject({
  group_by: Type.Optional(LiteralUnion(COMMISSION_GROUPS, { default: 'supplier', description: 'supplier (the default), or the month the commission falls due' }))
})

export const CommissionReportExportQuery = StrictObject({ ...CommissionReportQuery.properties, ...ExportOptions })

/**
 * Commission suppliers owe on bookings not cancelled, per group and currency: `expected` in all, `received`
 * so far, `open` still to come and, of that, `overdue` (its due date before today, UTC).
 */
export const CommissionReportRow = Type.Object({
  supplier_id: Nullable(Type.Integer(), 'by supplier'),
  year: Nullable(Type.Integer(), 'by month: the year the commissions fall due'),
  month: Nullable(Type.Integer({ minimum: 1, maximum: 12 }), 'by month: the month the commissions fall due'),
  currency: Currency,
  bookings: Type.Integer({ minimum: 1 }),
  expected: DecimalString,
  received: DecimalString,
  open: DecimalString,
  overdue: DecimalString
})
export const CommissionReport = Type.Array(CommissionReportRow)

export type CommissionGroup = (typeof COMMISSION_GROUPS)[number]
export type CommissionReportQuery = Static<typeof CommissionReportQuery>
export type CommissionReportRow = Static<typeof CommissionReportRow>
