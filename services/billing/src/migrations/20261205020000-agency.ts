import { Migration } from '@travel-crm/service-kit'

/** The agency's own details, printed on its documents: one row, written by an admin. */
export class Agency20261205020000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table agency (
      id boolean primary key default true check (id),
      legal_name varchar(200) not null,
      address varchar(500) not null,
      vat_number varchar(30) null,
      iban varchar(34) not null,
      bic varchar(11) null,
      email varchar(254) not null,
      phone varchar(40) not null,
      logo_media_type varchar(20) null check (logo_media_type in ('image/png', 'image/svg+xml')),
      logo bytea null check (octet_length(logo) <= 100000),
      invoice_footer varchar(1000) null,
      invoice_number_format varchar(30) not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by integer null,
      updated_by integer null,
      version integer not null default 1 check (version >= 1),
      check ((logo is null) = (logo_media_type is null)))`)
  }
}
