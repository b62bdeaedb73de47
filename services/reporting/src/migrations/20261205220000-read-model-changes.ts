import { Migration } from '@travel-crm/service-kit'

/**
 * A count of the changes applied to the read models, raised in the transaction of each change: a report built
 * after reading it holds at least those changes, so its body is reused and its ETag stands while it has not moved.
 */
export class ReadModelChanges20261205220000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table read_model_changes (
      id integer primary key check (id = 1),
      changes bigint not null)`)
    this.addSql('insert into read_model_changes (id, changes) values (1, 0)')
  }
}
