// REST schemas of reporting's pipeline report: where trips stand, and how many inquiries became bookings.
import { Type, type Static } from 'typebox'
import { ExportOptions } from './documents.js'
import { Currency, DateOnly, DecimalString, LiteralUnion, StrictObject } from '../schemas.js'
import { TRIP_STATUSES } from '../trip-status.js'

/** Trips that came in (were created) on a day in `from`..`to`, UTC, both included; `from` may not be after `to`. */
export const PipelineQuery = StrictObject({
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly)
})

export const PipelineExportQuery = StrictObject({ ...PipelineQuery.properties, ...ExportOptions })

const Count = Type.Integer({ minimum: 0 })

/** The trips in one status now, and their price summed per currency (none: an empty list). */
export const PipelineStatus = Type.Object({
  status: LiteralUnion(TRIP_STATUSES),
  trips: Count,
  value: Type.Array(Type.Object({ currency: Currency, amount: DecimalString }))
})

/**
 * The trips that came in during one month (UTC) as an inquiry or a quote, and where they stand now: booked
 * (booked or completed), cancelled, or still open. `conversion_rate` is booked / inquiries × 100 with two
 * decimals, null without inquiries.
 */
export const PipelineMonth = Type.Object({
  month: Type.String({ pattern: '^\\d{4}-\\d{2}$', examples: ['2026-03'] }),
  inquiries: Count,
  booked: Count,
  cancelled: Count,
  open: Count,
  conversion_rate: Type.Union([DecimalString, Type.Null()])
})

/**
 * Where the trips that came in over the period stand: per status, every status in pipeline order; and per
 * month from the first to the last month a trip came in (months between without trips too), the inquiries'
 * conversion. Archived trips count; deleted ones do not.
 */
export const PipelineReport = Type.Object({
  from: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  to: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  statuses: Type.Array(PipelineStatus),
  months: Type.Array(PipelineMonth)
})

export type PipelineQuery = Static<typeof PipelineQuery>
export type PipelineExportQuery = Static<typeof PipelineExportQuery>
export type PipelineStatus = Static<typeof PipelineStatus>
export type PipelineMonth = Static<typeof PipelineMonth>
export type PipelineReport = Static<typeof PipelineReport>
