import { Migration } from '@travel-crm/service-kit'

/** The totals that every payment rewrites (see ReportTotals20261201000100). */
const TOTALS = ['revenue_by_client', 'revenue_by_month', 'invoice_totals'] as const

/**
 * Keeps the updates of the report totals HOT (heap-only: the new row version goes on the same page, no index
 * entry is added, and a later visit of the page reclaims the old version), so that payments leave these tables
 * the size of their rows instead of adding dead versions and index entries that every report then reads.
 *
 * An update can be HOT only when no indexed column changes and the page has room for the new version.
 * `revenue_by_client_ranking` indexed `total_revenue`, which every payment changes, so no update of
 * `revenue_by_client` was HOT (28 MB and 46 MB of indexes for 10,000 rows after a million payments); the
 * report sorts its rows instead, which takes milliseconds. A tenth of every page is left free for the new
 * versions: with 50,000 payments in transactions of 100, 99.9% of the updates were HOT and the table did not
 * grow, against 96% and a growing table with full pages. Half-empty pages made 100% of them HOT, but a bulk load
 * in long transactions left the table half as large again (12 MB against 8 MB).
 *
 * Pages already written keep their layout until the table is rewritten: by VACUUM FULL (which cannot run in a
 * migration's transaction) or by a rebuild, which truncates the read models. Not by CLUSTER here: on a new
 * database it would record the empty tables as known to be empty, and the triggers' cached plans would then
 * scan them sequentially as they grow, until the next analyze (a bulk load took ten times as long).
 */
export class ReportTotalsInPlace20261202000000 extends Migration {
  override async up (): Promise<void> {
    this.addSql('drop index revenue_by_client_ranking')
    for (const table of TOTALS) this.addSql(`alter table ${table} set (fillfactor = 90)`)
  }
}
