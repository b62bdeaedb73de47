import { Migration } from '@travel-crm/service-kit'

/**
 * What billing knows of crm's clients, from crm.client.* events: the name and contacts an invoice is addressed
 * to. A deleted client stays as a tombstone so that a late event cannot bring it back.
 */
export class ClientReplica20261205030000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table client (
      id integer primary key,
      name text not null,
      email text not null,
      phone text not null,
      company text null,
      version integer not null check (version >= 1),
      deleted boolean not null default false)`)
  }
}
