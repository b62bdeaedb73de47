import { Migration } from '@travel-crm/service-kit'

/**
 * Trigram indexes cannot serve a search for two characters (`Xu`, `Li`, `NY`): pg_trgm finds no trigram in the
 * pattern, so such a search, and its count, read the whole table. A GIN index on each column's bigrams can;
 * `ilike` still decides, the bigrams only narrow the rows it looks at. Phone numbers get none: any two digits
 * are in most of them, so an index could not narrow anything.
 */
export class TwoCharacterSearch20261128000000 extends Migration {
  override async up (): Promise<void> {
    // `begin atomic` binds the body when the function is created, so the index does not depend on search_path.
    this.addSql(`create function bigrams (value text) returns text[] language sql immutable strict parallel safe
      begin atomic
        select coalesce(array_agg(distinct substr(value, position, 2)), '{}')
          from generate_series(1, char_length(value) - 1) as position;
      end`)
    for (const column of ['name', 'email', 'company']) {
      this.addSql(`create index client_${column}_bigrams on client using gin (bigrams(lower(${column})))`)
    }
    this.addSql('create index trip_destination_bigrams on trip using gin (bigrams(lower(destination)))')
  }
}
