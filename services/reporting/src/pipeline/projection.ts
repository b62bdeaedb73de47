import { DEFAULT_TRIP_STATUS, type TripPayload, type TripStatus } from '@travel-crm/contracts'
import type { EventHandler } from '@travel-crm/service-kit/messaging'

/** A trip still being sold: it came in as one of these, and is still open while in one. */
export const CAME_IN_AS_INQUIRY: readonly TripStatus[] = ['inquiry', 'quoted']
/** A trip that was sold: an inquiry that reached one of these was booked. */
export const BOOKED: readonly TripStatus[] = ['booked', 'completed']

/**
 * What one trip event tells of the trip's start in the pipeline. The status the trip came in with is its status
 * at version 1: an event at version v states the status at v, and, if it moved the status, the one at v - 1
 * (`previous_status`). The earliest such statement a trip has seen is the best known; once the created event
 * (or the first move) is in, it is exact. Its conversion is the first move from inquiry or quoted to booked or
 * completed, at `status_changed_at`. Events without a status come from before statuses: booked.
 */
export function pipelineStart (trip: TripPayload): { version: number, status: TripStatus, bookedAt: string | null } {
  const status = trip.status ?? DEFAULT_TRIP_STATUS
  const previous = trip.previous_status
  const converted = previous !== undefined && CAME_IN_AS_INQUIRY.includes(previous) && BOOKED.includes(status)
  return {
    ...(previous === undefined ? { version: trip.version, status } : { version: trip.version - 1, status: previous }),
    bookedAt: converted ? trip.status_changed_at ?? trip.updated_at : null
  }
}

/**
 * A trip's handler, then its pipeline start merged in whatever the versions: unlike the rest of the row (the
 * latest version wins, so an older event is skipped), the earliest statement of the created status and the
 * earliest conversion win, so the result is the same in whichever order the events come. A deleted trip has
 * no row and nothing is merged.
 */
export function withPipelineStart (handler: EventHandler): EventHandler {
  return async (em, event, events, stream) => {
    await handler(em, event, events, stream)
    // The handler has checked the payload against the trip schema (it throws otherwise).
    const start = pipelineStart(event.data as TripPayload)
    await em.execute(`update trip set created_status = case when created_status_version is null or created_status_version > ? then ? else created_status end,
        created_status_version = least(created_status_version, ?),
        booked_at = least(booked_at, ?::timestamptz)
      where id = ?`, [start.version, start.status, start.version, start.bookedAt, (event.data as TripPayload).id])
  }
}
