/**
 * Where a trip stands in the agency's pipeline. A trip moves forward (a step may be skipped) or is cancelled
 * before it is completed; completed and cancelled are final. Crm enforces it, the web app offers only these
 * moves: the table is written here once.
 */
export const TRIP_STATUSES = ['inquiry', 'quoted', 'booked', 'completed', 'cancelled'] as const
export type TripStatus = (typeof TRIP_STATUSES)[number]

/** What a trip meant before it had a status: one that was sold. Trips created without one are this too. */
export const DEFAULT_TRIP_STATUS: TripStatus = 'booked'

export const TRIP_STATUS_MOVES: Readonly<Record<TripStatus, readonly TripStatus[]>> = {
  inquiry: ['quoted', 'booked', 'completed', 'cancelled'],
  quoted: ['booked', 'completed', 'cancelled'],
  booked: ['completed', 'cancelled'],
  completed: [],
  cancelled: []
}

export function isTripStatus (value: unknown): value is TripStatus {
  return typeof value === 'string' && (TRIP_STATUSES as readonly string[]).includes(value)
}

/** Whether a trip in `from` may be put in `to`; staying where it is, is no move and always allowed. */
export function tripMayMove (from: TripStatus, to: TripStatus): boolean {
  return from === to || TRIP_STATUS_MOVES[from].includes(to)
}
