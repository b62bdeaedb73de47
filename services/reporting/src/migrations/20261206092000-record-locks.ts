import { Migration } from '@travel-crm/service-kit'

/**
 * A record's locks and whether it, or a record it hangs off, was deleted, in one round trip (records.ts). The
 * check cannot share the statement that takes the locks: a statement reads the snapshot taken when it began,
 * before it waited for a lock, and would miss a deletion committed meanwhile. A volatile function takes a new
 * snapshot for each query in it, so the check here runs after the locks, as a statement of its own would.
 */
export class RecordLocks20261206092000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create function lock_record(ancestor_kinds text[], ancestor_ids integer[], record_kind text, record_id integer)
      returns boolean language plpgsql volatile as $$
      begin
        -- Ancestors first, shared, always in the order given; the record itself exclusive.
        perform pg_advisory_xact_lock_shared(hashtext('reporting:' || ancestor.kind), ancestor.id)
          from unnest(ancestor_kinds, ancestor_ids) with ordinality as ancestor (kind, id, position) order by ancestor.position;
        perform pg_advisory_xact_lock(hashtext('reporting:' || record_kind), record_id);
        return exists (select from removed
          where (kind, id) in (select * from unnest(ancestor_kinds || record_kind, ancestor_ids || record_id)));
      end $$`)
  }
}
