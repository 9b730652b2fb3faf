import { sql, type Kysely } from 'kysely';

/**
 * Creates the identity tables in the `datong` schema if they are missing; safe to call every time.
 *
 * - `identities`: one row per identity; `golden` is the survivorship result; `merged_into` is set
 *   on an identity absorbed by a merge (it then owns no keys); `seq` orders identities created at
 *   the same instant.
 * - `identity_keys`: each match key (kind, normalized value) belongs to exactly one identity.
 * - `identity_records`: the latest version of each source record, the input of survivorship.
 * - `identity_sinks`: the id a sink (a CRM) gave an identity, per sink object (`contacts`).
 * - `identity_reviews`: merges waiting for a person (when `reviewMerges` is on), and their outcome.
 * - `identity_sink_merges`: which sink object has carried out the merge of an absorbed identity
 *   (a merge with no row here for an object is still to be done in that sink).
 */
export async function ensureIdentityTables(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists datong`.execute(db);
  await sql`create table if not exists datong.identities (
    pipeline text not null,
    identity_id text not null,
    seq bigserial,
    golden jsonb not null default '{}'::jsonb,
    merged_into text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (pipeline, identity_id)
  )`.execute(db);
  await sql`create table if not exists datong.identity_keys (
    pipeline text not null,
    kind text not null,
    value text not null,
    identity_id text not null,
    source text not null,
    first_seen timestamptz not null,
    last_seen timestamptz not null,
    primary key (pipeline, kind, value)
  )`.execute(db);
  await sql`create index if not exists identity_keys_identity on datong.identity_keys (pipeline, identity_id)`.execute(db);
  await sql`create table if not exists datong.identity_records (
    pipeline text not null,
    channel text not null,
    source_key text not null,
    identity_id text not null,
    record jsonb not null,
    at timestamptz not null,
    primary key (pipeline, channel, source_key)
  )`.execute(db);
  await sql`create index if not exists identity_records_identity on datong.identity_records (pipeline, identity_id)`.execute(db);
  await sql`create table if not exists datong.identity_sinks (
    pipeline text not null,
    object text not null,
    identity_id text not null,
    sink_id text not null,
    updated_at timestamptz not null default now(),
    primary key (pipeline, object, identity_id)
  )`.execute(db);
  await sql`create table if not exists datong.identity_reviews (
    pipeline text not null,
    survivor text not null,
    absorbed text not null,
    status text not null default 'pending',
    detail jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    decided_at timestamptz,
    primary key (pipeline, survivor, absorbed)
  )`.execute(db);
  await sql`create table if not exists datong.identity_sink_merges (
    pipeline text not null,
    object text not null,
    absorbed text not null,
    survivor text not null,
    outcome text not null,
    applied_at timestamptz not null default now(),
    primary key (pipeline, object, absorbed)
  )`.execute(db);
}
