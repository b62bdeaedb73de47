import { Migration } from '@travel-crm/service-kit'

/**
 * Where each trip stands in the pipeline, for the pipeline report: its status now, the status it came in with
 * (and the version that is known at: the earliest wins, see pipeline/projection.ts) and when it was first
 * booked coming from an inquiry or a quote. Trips held so far came from events without a status, which crm
 * counts as booked from the start: booked, created booked, never converted. A rebuild gives every trip the
 * values its events carry.
 */
export class TripPipeline20261206010000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`alter table trip
      add column status text not null default 'booked', -- as crm's own column: a trip without a status was sold
      add column created_status text null,
      add column created_status_version integer null,
      add column booked_at timestamptz null`)
    this.addSql('update trip set created_status = \'booked\', created_status_version = 1')
    // The report reads the trips that came in over a period by the day they were created.
    this.addSql('create index trip_by_created on trip (created_at) include (status, created_status, price, currency)')
  }
}
