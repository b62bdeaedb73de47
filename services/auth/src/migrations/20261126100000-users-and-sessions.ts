import { Migration } from '@travel-crm/service-kit'

export class UsersAndSessions20261126100000 extends Migration {
  override async up (): Promise<void> {
    this.addSql(`create table users (
      id serial primary key,
      username varchar(80) not null,
      password_hash text not null,
      role text not null check (role in ('admin', 'agent', 'analyst')),
      disabled boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by integer null,
      updated_by integer null,
      version integer not null default 1)`)
    // "Alice" and "alice" are the same account.
    this.addSql('create unique index users_username_unique on users (lower(username))')
    this.addSql('create index users_active_admins on users (id) where role = \'admin\' and not disabled')

    // Only the SHA-256 of a refresh token is stored: a copy of this table logs nobody in.
    this.addSql(`create table refresh_token (
      id bigserial primary key,
      token_hash char(64) not null unique,
      family uuid not null,
      user_id integer not null references users (id) on delete cascade,
      issued_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz null,
      revoked_at timestamptz null)`)
    this.addSql('create index refresh_token_family on refresh_token (family)')
    this.addSql('create index refresh_token_user on refresh_token (user_id)')
    this.addSql('create index refresh_token_expiry on refresh_token (expires_at)')

    this.addSql(`create table login_failure (
      id bigserial primary key,
      username_key varchar(200) not null,
      address varchar(64) not null,
      failed_at timestamptz not null default now())`)
    this.addSql('create index login_failure_by_username on login_failure (username_key, address, failed_at desc)')
    this.addSql('create index login_failure_by_address on login_failure (address, failed_at desc)')
    this.addSql('create index login_failure_age on login_failure (failed_at)')
  }
}
