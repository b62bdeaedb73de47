import { describe, expect, it } from 'vitest'
import type { TripPayload } from '@travel-crm/contracts'
import { aClient, aTrip, changed } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()
const client = aClient()

interface Row { status: string, created_status: string, created_status_version: number, booked_at: string | null, version: number }

async function rowOf (trip: TripPayload): Promise<Row | undefined> {
  const rows = await reporting.app.orm.em.fork().execute<Row[]>(`select status, created_status, created_status_version,
      to_char(booked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as booked_at, version from trip where id = ?`, [trip.id])
  return rows[0]
}

/** A trip's life through the pipeline, one event per version: inquiry, quoted, booked, completed. */
function history (): Array<['crm.trip.created' | 'crm.trip.updated', TripPayload]> {
  const created = aTrip(client, { status: 'inquiry', status_changed_at: '2031-01-10T09:30:00.000Z' })
  const step = (trip: TripPayload, status: NonNullable<TripPayload['status']>, at: string): TripPayload =>
    ({ ...changed(trip, { status, previous_status: trip.status, status_changed_at: at }), updated_at: at })
  const quoted = step(created, 'quoted', '2031-01-11T10:00:00.000Z')
  const booked = step(quoted, 'booked', '2031-01-15T10:00:00.000Z')
  const completed = step(booked, 'completed', '2031-03-01T10:00:00.000Z')
  return [['crm.trip.created', created], ['crm.trip.updated', quoted], ['crm.trip.updated', booked], ['crm.trip.updated', completed]]
}

const expected: Omit<Row, 'version'> = { status: 'completed', created_status: 'inquiry', created_status_version: 1, booked_at: '2031-01-15T10:00:00.000Z' }

describe('a trip in the pipeline', () => {
  it('keeps its status now, the status it came in with and when it was first booked, whatever order the events come in', async () => {
    await reporting.publish('crm.client.created', client)
    const inOrder = history()
    const newestFirst = history().reverse()
    // The latest first, then the creation, then the moves between: each older event is skipped for the row.
    const [created, quoted, booked, completed] = history()
    const shuffled = [completed, created, booked, quoted].filter((event) => event !== undefined)
    for (const [subject, trip] of [...inOrder, ...newestFirst, ...shuffled]) await reporting.publish(subject, trip)
    await reporting.settled()
    for (const trips of [inOrder, newestFirst, shuffled]) {
      const last = trips.map(([, trip]) => trip).reduce((latest, trip) => trip.version > latest.version ? trip : latest)
      expect(await rowOf(last)).toEqual({ ...expected, version: 4 })
    }
  })

  it('knows the status it came in with from the first move when the created event has not come (yet)', async () => {
    const [, quoted, booked] = history()
    if (quoted === undefined || booked === undefined) throw new Error('no history')
    await reporting.publish(booked[0], booked[1])
    await reporting.settled()
    // Version 3 says only that the trip was quoted at version 2.
    expect(await rowOf(booked[1])).toEqual({ status: 'booked', created_status: 'quoted', created_status_version: 2, booked_at: expected.booked_at, version: 3 })
    await reporting.publish(quoted[0], quoted[1])
    await reporting.settled()
    expect(await rowOf(booked[1])).toEqual({ status: 'booked', created_status: 'inquiry', created_status_version: 1, booked_at: expected.booked_at, version: 3 })
  })

  it('counts a trip from before statuses as created booked, never converted; a trip created booked is not converted either', async () => {
    const old = aTrip(client)
    const direct = aTrip(client, { status: 'booked', status_changed_at: '2031-01-10T09:30:00.000Z' })
    await reporting.publish('crm.trip.created', old)
    await reporting.publish('crm.trip.created', direct)
    await reporting.publish('crm.trip.updated', { ...changed(direct, { status: 'completed', previous_status: 'booked' }) })
    await reporting.settled()
    expect(await rowOf(old)).toEqual({ status: 'booked', created_status: 'booked', created_status_version: 1, booked_at: null, version: 1 })
    expect(await rowOf(direct)).toEqual({ status: 'completed', created_status: 'booked', created_status_version: 1, booked_at: null, version: 2 })
  })

  it('stores nothing of a deleted trip, even when a late change comes', async () => {
    const [created, quoted] = history()
    if (created === undefined || quoted === undefined) throw new Error('no history')
    await reporting.publish('crm.trip.created', created[1])
    await reporting.publish('crm.trip.deleted', changed(quoted[1], {}))
    await reporting.publish('crm.trip.updated', quoted[1])
    await reporting.settled()
    expect(await rowOf(created[1])).toBeUndefined()
  })
})
