import { Migration } from '@travel-crm/service-kit'

/**
 * Invoice numbers, sequential per year of issue and without gaps (EU invoicing rules). One counter row per
 * year is taken and raised in the transaction that writes the invoice: its row lock makes concurrent creates
 * queue for the next number, and a rollback or a crash before commit gives the number back. Invoices that
 * existed before get their numbers here, in order of issue.
 */
export class InvoiceNumbers20261205010000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table invoice_number_counter (
      year integer primary key check (year between 1 and 9999),
      last_number integer not null check (last_number >= 1))`)
    this.addSql('alter table invoice add column number varchar(40) null')
    this.addSql(`with numbered as (
        select id, extract(year from issue_date)::integer as year,
          row_number() over (partition by extract(year from issue_date) order by issue_date, id) as sequence
        from invoice)
      update invoice set number = numbered.year || '-' || lpad(numbered.sequence::text, 6, '0')
      from numbered where numbered.id = invoice.id`)
    this.addSql(`insert into invoice_number_counter (year, last_number)
      select extract(year from issue_date)::integer, count(*) from invoice group by 1`)
    this.addSql('alter table invoice alter column number set not null')
    this.addSql('create unique index invoice_number on invoice (number)')
  }
}
