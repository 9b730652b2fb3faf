import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { computeGolden, type Observation } from './compute-golden.js';
import { ensureIdentityTables } from './ensure-identity-tables.js';
import { extractKeys, hashPhone, normalizeEmail, normalizePhone, SOURCE_RECORD_KIND, type IdentityKey } from './extract-keys.js';
import { checkIdentityRules, type IdentityRules } from './identity-rules.js';

/** One incoming record: which channel it came from, its key there, the record itself, and when it was seen. */
export interface IdentityInput {
  channel: string;
  sourceKey: string;
  record: Record<string, unknown>;
  /** When the record was last changed at the source; the batch's clock time when absent. Drives `most_recent`. */
  at?: Date | string;
}

/** The sink ids of one identity, per sink object: `{ contacts: '901' }`. */
export type SinkIds = Record<string, string>;

/** Two identities became one: the sink must merge `sinkIds.absorbed` into `sinkIds.survivor`. */
export interface MergeEvent {
  survivor: string;
  absorbed: string;
  sinkIds: { survivor: SinkIds; absorbed: SinkIds };
  at: Date;
}

/** A merge that waits for a person (`reviewMerges` and both identities have sink ids). */
export interface DeferredMerge {
  survivor: string;
  absorbed: string;
  sinkIds: { survivor: SinkIds; absorbed: SinkIds };
  /** The record that tied the two together. */
  channel: string;
  sourceKey: string;
}

export interface ResolveResult {
  /** The (surviving) identity of each input record, in input order. */
  identityIds: string[];
  merges: MergeEvent[];
  deferred: DeferredMerge[];
}

/** What identity resolution knows of one record or person (see `IdentityResolver.history`). */
export interface IdentityHistory {
  records: { channel: string; sourceKey: string; identityId: string; mergedInto: string | null; at: Date; record: Record<string, unknown> }[];
  /** The key asked about, the identities of its records, and their survivors. */
  identityIds: string[];
  merges: { absorbed: string; survivor: string; at: Date }[];
  sinkMerges: { object: string; absorbed: string; survivor: string; outcome: string; at: Date }[];
  reviews: { survivor: string; absorbed: string; status: string; at: Date }[];
}

export interface IdentityResolverOptions {
  db: Kysely<any>;
  pipeline: string;
  rules: IdentityRules;
  /** The per-pipeline secret mixed into phone hashes; required when a `phone_hash` key is configured. */
  phoneSalt?: string;
  /** The time of records without `at`; `() => new Date()` by default. */
  clock?: () => Date;
}

type Db = Kysely<any>;

/** `id-` and a UUID (version 5 layout) from a SHA-1 of the pipeline and the record that created the identity. */
export function identityIdFor(pipeline: string, sourceRecord: string): string {
  const h = createHash('sha1').update(`datong-identity\u0000${pipeline}\u0000${sourceRecord}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `id-${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * Ties the records of one pipeline to persons, in the store's database. See README.md for the
 * model. One process at a time per pipeline: the unique (pipeline, kind, value) key guards against
 * two identities taking the same key, but two concurrent batches could still leave a merge undone.
 */
export class IdentityResolver {
  readonly rules: IdentityRules;
  private readonly db: Db;
  private readonly pipeline: string;
  private readonly phoneSalt: string | undefined;
  private readonly clock: () => Date;
  private ready: Promise<boolean> | undefined;

  constructor(options: IdentityResolverOptions) {
    this.rules = checkIdentityRules(options.rules);
    this.db = options.db;
    this.pipeline = options.pipeline;
    this.phoneSalt = options.phoneSalt;
    this.clock = options.clock ?? (() => new Date());
    if (this.rules.keys.some((k) => k.kind === 'phone_hash') && !this.phoneSalt) {
      throw new Error('IdentityResolver: a phone_hash key needs phoneSalt (a per-pipeline secret)');
    }
  }

  /** Creates the tables once; resolves to whether the store's `events` table exists. */
  private async init(): Promise<boolean> {
    this.ready ??= (async () => {
      await ensureIdentityTables(this.db);
      const r = await sql<{ t: string | null }>`select to_regclass('datong.events')::text as t`.execute(this.db);
      return r.rows[0]?.t != null;
    })();
    try {
      return await this.ready;
    } catch (err) {
      this.ready = undefined;
      throw err;
    }
  }

  /**
   * Resolves a batch in one transaction: finds or creates each record's identity, merges the
   * identities a record ties together (the older survives), and recomputes the golden records
   * touched. Rerunning a batch changes nothing and reports no merge.
   */
  async resolveBatch(inputs: IdentityInput[]): Promise<ResolveResult> {
    const hasEvents = await this.init();
    return this.db.transaction().execute((trx) => this.resolveIn(trx, inputs, hasEvents));
  }

  /**
   * What `resolveBatch` would do, without doing it: the batch is resolved in a transaction that is
   * rolled back, and the golden records it would leave are returned with the result (for a dry run).
   * Batches are simulated one by one: a dry run does not see what its own earlier batches would have done.
   */
  async simulateBatch(inputs: IdentityInput[]): Promise<ResolveResult & { goldens: Map<string, Record<string, unknown>> }> {
    const hasEvents = await this.init();
    let simulated: (ResolveResult & { goldens: Map<string, Record<string, unknown>> }) | undefined;
    const rollback = new Error('simulated batch: rolled back');
    try {
      await this.db.transaction().execute(async (trx) => {
        const result = await this.resolveIn(trx, inputs, hasEvents);
        simulated = { ...result, goldens: await this.goldensIn(trx, [...new Set(result.identityIds)]) };
        throw rollback;
      });
    } catch (error) {
      if (error !== rollback) throw error;
    }
    return simulated!;
  }

  private async resolveIn(trx: Db, inputs: IdentityInput[], hasEvents: boolean): Promise<ResolveResult> {
    const now = this.clock();
    const ids: string[] = [];
    const merges: MergeEvent[] = [];
    const deferred: DeferredMerge[] = [];
    const touched = new Set<string>();
    for (const input of inputs) {
      const at = input.at === undefined ? now : new Date(input.at);
      const keys = extractKeys(this.rules, input, this.phoneSalt);
      const owners = await this.owners(trx, keys);
      const strong = new Set<string>();
      const weak = new Set<string>();
      for (const k of keys) {
        const owner = owners.get(`${k.kind}\u0000${k.value}`);
        if (owner !== undefined) (k.strong ? strong : weak).add(owner);
      }
      let candidates = [...strong];
      if (candidates.length === 0 && weak.size === 1) candidates = [...weak];
      let identity: string;
      if (candidates.length === 0) {
        identity = identityIdFor(this.pipeline, `${input.channel}:${input.sourceKey}`);
        await sql`insert into datong.identities (pipeline, identity_id, created_at, updated_at)
          values (${this.pipeline}, ${identity}, ${at}, ${now}) on conflict do nothing`.execute(trx);
        // The id is new unless this very source record was seen before, in which case its
        // `source_record` key would have matched; follow a merge all the same, to be safe.
        identity = await this.root(trx, identity);
      } else {
        const ordered = await this.oldestFirst(trx, candidates);
        identity = ordered[0]!;
        for (const other of ordered.slice(1)) {
          const outcome = await this.mergeOrDefer(trx, identity, other, at, input, hasEvents);
          if (outcome.kind === 'merged') {
            merges.push(outcome.event);
            touched.add(identity);
          } else if (outcome.kind === 'deferred') deferred.push(outcome.deferred);
        }
      }
      for (const k of keys) {
        await sql`insert into datong.identity_keys (pipeline, kind, value, identity_id, source, first_seen, last_seen)
          values (${this.pipeline}, ${k.kind}, ${k.value}, ${identity}, ${input.channel}, ${at}, ${at})
          on conflict (pipeline, kind, value) do update set
            first_seen = least(datong.identity_keys.first_seen, excluded.first_seen),
            last_seen = greatest(datong.identity_keys.last_seen, excluded.last_seen)`.execute(trx);
      }
      await sql`insert into datong.identity_records (pipeline, channel, source_key, identity_id, record, at)
        values (${this.pipeline}, ${input.channel}, ${input.sourceKey}, ${identity}, ${JSON.stringify(input.record)}::jsonb, ${at})
        on conflict (pipeline, channel, source_key) do update set
          identity_id = excluded.identity_id,
          record = case when excluded.at >= datong.identity_records.at then excluded.record else datong.identity_records.record end,
          -- A record read again unchanged keeps its time: re-reading must not make it the most recent.
          at = case when excluded.record = datong.identity_records.record then datong.identity_records.at
            else greatest(excluded.at, datong.identity_records.at) end`.execute(trx);
      touched.add(identity);
      ids.push(identity);
    }
    // A merge later in the batch may have absorbed an identity handed out earlier.
    const roots = new Map<string, string>();
    for (const id of new Set([...ids, ...touched])) roots.set(id, await this.root(trx, id));
    for (const id of new Set([...touched].map((t) => roots.get(t)!))) await this.refreshGolden(trx, id, now);
    return { identityIds: ids.map((id) => roots.get(id)!), merges, deferred };
  }

  /** The golden record of an identity (of its survivor, if it was merged), or undefined if unknown. */
  async golden(identityId: string): Promise<Record<string, unknown> | undefined> {
    return (await this.goldens([identityId])).get(identityId);
  }

  /**
   * The golden records of identities (each its survivor's, if it was merged), by the id asked
   * for, in one query; unknown ids are absent. A merge points every absorbed identity straight
   * at its survivor (see `merge`), so one hop finds it.
   */
  async goldens(identityIds: string[]): Promise<Map<string, Record<string, unknown>>> {
    await this.init();
    return this.goldensIn(this.db, identityIds);
  }

  private async goldensIn(db: Db, identityIds: string[]): Promise<Map<string, Record<string, unknown>>> {
    const r = await sql<{ asked: string; golden: unknown }>`select a.asked, s.golden
      from unnest(${identityIds}::text[]) as a(asked)
      join datong.identities i on i.pipeline = ${this.pipeline} and i.identity_id = a.asked
      join datong.identities s on s.pipeline = i.pipeline and s.identity_id = coalesce(i.merged_into, i.identity_id)`.execute(db);
    return new Map(r.rows.map((row) => [row.asked, (typeof row.golden === 'string' ? JSON.parse(row.golden) : row.golden) as Record<string, unknown>]));
  }

  /**
   * The person each value names now, in one query: a customer key of `channel` (the key its
   * record was resolved under), or an identity id; merged identities give their survivor. Values
   * naming nobody are absent from the answer.
   */
  async personsOf(values: string[], channel: string): Promise<Map<string, string>> {
    await this.init();
    const r = await sql<{ value: string; person: string }>`select v.value, coalesce(i.merged_into, i.identity_id) as person
      from unnest(${values}::text[]) as v(value)
      left join datong.identity_keys k on k.pipeline = ${this.pipeline} and k.kind = ${SOURCE_RECORD_KIND}
        and k.value = ${channel} || ':' || v.value
      join datong.identities i on i.pipeline = ${this.pipeline} and i.identity_id = coalesce(k.identity_id, v.value)`.execute(this.db);
    return new Map(r.rows.map((row) => [row.value, row.person]));
  }

  /**
   * The identity holding a key, or undefined. The value is normalized as resolution does: emails
   * trimmed and lowercased, a raw phone normalized and hashed (a 64-hex hash is taken as is), and
   * for per-channel kinds (`channel_customer_id`, `wechat_openid`) pass `channel`.
   */
  async lookup(kind: string, value: string, channel?: string): Promise<string | undefined> {
    await this.init();
    let v: string | undefined = value;
    if (kind === 'email') v = normalizeEmail(value);
    else if (kind === 'phone_hash' && !/^[0-9a-f]{64}$/.test(value)) {
      const e164 = normalizePhone(value, this.rules.defaultRegion);
      v = e164 === undefined || !this.phoneSalt ? undefined : hashPhone(e164, this.phoneSalt);
    } else if (channel !== undefined && (kind === 'channel_customer_id' || kind === 'wechat_openid' || kind === SOURCE_RECORD_KIND)) {
      v = `${channel}:${value}`;
    }
    if (v === undefined) return undefined;
    const r = await sql<{ identity_id: string }>`select identity_id from datong.identity_keys
      where pipeline = ${this.pipeline} and kind = ${kind} and value = ${v}`.execute(this.db);
    const id = r.rows[0]?.identity_id;
    return id === undefined ? undefined : this.root(this.db, id);
  }

  /** Records the id a sink gave an identity (`object` is the sink's object, e.g. `contacts`). */
  async setSinkId(identityId: string, object: string, sinkId: string): Promise<void> {
    await this.setSinkIds(object, [{ identityId, sinkId }]);
  }

  /** Records the ids a sink gave identities, in one statement. */
  async setSinkIds(object: string, ids: { identityId: string; sinkId: string }[]): Promise<void> {
    if (ids.length === 0) return;
    await this.init();
    await sql`insert into datong.identity_sinks (pipeline, object, identity_id, sink_id, updated_at)
      select ${this.pipeline}, ${object}, x.identity_id, x.sink_id, ${this.clock()}
      from jsonb_to_recordset(${JSON.stringify(ids.map((i) => ({ identity_id: i.identityId, sink_id: i.sinkId })))}::jsonb) as x(identity_id text, sink_id text)
      on conflict (pipeline, object, identity_id) do update set sink_id = excluded.sink_id, updated_at = excluded.updated_at`.execute(this.db);
  }

  /** The sink ids recorded for an identity, per object. */
  async sinkIds(identityId: string): Promise<SinkIds> {
    await this.init();
    return this.sinkIdsIn(this.db, identityId);
  }

  /**
   * Merges a sink object has not carried out yet: every absorbed identity without a record in
   * `identity_sink_merges` for `object`, with its survivor now, in the order they were merged.
   */
  async pendingSinkMerges(object: string): Promise<{ survivor: string; absorbed: string }[]> {
    await this.init();
    const r = await sql<{ absorbed: string; survivor: string }>`select i.identity_id as absorbed, i.merged_into as survivor
      from datong.identities i
      where i.pipeline = ${this.pipeline} and i.merged_into is not null
        and not exists (select 1 from datong.identity_sink_merges m
          where m.pipeline = i.pipeline and m.object = ${object} and m.absorbed = i.identity_id)
      order by i.updated_at, i.seq`.execute(this.db);
    return r.rows;
  }

  /** Records that `object` has carried out the merge of `absorbed` into `survivor` (`outcome` as the sink said). */
  async sinkMergeApplied(object: string, survivor: string, absorbed: string, outcome: string): Promise<void> {
    await this.init();
    await sql`insert into datong.identity_sink_merges (pipeline, object, absorbed, survivor, outcome, applied_at)
      values (${this.pipeline}, ${object}, ${absorbed}, ${survivor}, ${outcome}, ${this.clock()})
      on conflict (pipeline, object, absorbed) do update set survivor = excluded.survivor, outcome = excluded.outcome, applied_at = excluded.applied_at`.execute(this.db);
  }

  /** How many identities the pipeline has (survivors only), how many of them hold records of several channels, how many were absorbed by merges, how many merges wait for review. */
  async stats(): Promise<{ identities: number; crossChannel: number; merged: number; pendingReviews: number }> {
    await this.init();
    const r = await sql<{ identities: string; cross: string; merged: string; pending: string }>`select
      (select count(*) from datong.identities where pipeline = ${this.pipeline} and merged_into is null) as identities,
      (select count(*) from (select identity_id from datong.identity_records where pipeline = ${this.pipeline}
        group by identity_id having count(distinct channel) > 1) c) as cross,
      (select count(*) from datong.identities where pipeline = ${this.pipeline} and merged_into is not null) as merged,
      (select count(*) from datong.identity_reviews where pipeline = ${this.pipeline} and status = 'pending') as pending`.execute(this.db);
    const row = r.rows[0]!;
    return { identities: Number(row.identities), crossChannel: Number(row.cross), merged: Number(row.merged), pendingReviews: Number(row.pending) };
  }

  /** Absorbed identities a sink object has merged away (`object\0absorbed` → survivor): they cannot come apart again. */
  async mergedInSinks(): Promise<Map<string, string>> {
    await this.init();
    const r = await sql<{ object: string; absorbed: string; survivor: string }>`select object, absorbed, survivor from datong.identity_sink_merges
      where pipeline = ${this.pipeline} and outcome in ('merged', 'rekeyed')`.execute(this.db);
    return new Map(r.rows.map((row) => [`${row.object}\0${row.absorbed}`, row.survivor]));
  }

  /**
   * What identity resolution knows of a source record (by its key in any channel) or of an identity
   * id: the record versions kept, the persons involved, their merges (in the store and in sinks) and
   * merge reviews. For `datong explain`.
   */
  async history(key: string): Promise<IdentityHistory> {
    await this.init();
    const records = await sql<{ channel: string; source_key: string; identity_id: string; record: unknown; at: Date; merged_into: string | null }>`
      select r.channel, r.source_key, r.identity_id, r.record, r.at, i.merged_into from datong.identity_records r
      join datong.identities i on i.pipeline = r.pipeline and i.identity_id = r.identity_id
      where r.pipeline = ${this.pipeline} and (r.source_key = ${key} or r.identity_id = ${key})`.execute(this.db);
    const ids = [...new Set([key, ...records.rows.flatMap((r) => [r.identity_id, ...(r.merged_into ? [r.merged_into] : [])])])];
    const merges = await sql<{ absorbed: string; survivor: string; at: Date }>`
      select identity_id as absorbed, merged_into as survivor, updated_at as at from datong.identities
      where pipeline = ${this.pipeline} and merged_into is not null and (identity_id = any(${ids}::text[]) or merged_into = any(${ids}::text[]))`.execute(this.db);
    const sinkMerges = await sql<{ object: string; absorbed: string; survivor: string; outcome: string; at: Date }>`
      select object, absorbed, survivor, outcome, applied_at as at from datong.identity_sink_merges
      where pipeline = ${this.pipeline} and (absorbed = any(${ids}::text[]) or survivor = any(${ids}::text[]))`.execute(this.db);
    const reviews = await sql<{ survivor: string; absorbed: string; status: string; at: Date }>`
      select survivor, absorbed, status, coalesce(decided_at, created_at) as at from datong.identity_reviews
      where pipeline = ${this.pipeline} and (absorbed = any(${ids}::text[]) or survivor = any(${ids}::text[]))`.execute(this.db);
    return {
      records: records.rows.map((r) => ({ channel: r.channel, sourceKey: r.source_key, identityId: r.identity_id, mergedInto: r.merged_into, at: new Date(r.at), record: (typeof r.record === 'string' ? JSON.parse(r.record) : r.record) as Record<string, unknown> })),
      identityIds: ids, merges: merges.rows.map((m) => ({ ...m, at: new Date(m.at) })), sinkMerges: sinkMerges.rows.map((m) => ({ ...m, at: new Date(m.at) })),
      reviews: reviews.rows.map((m) => ({ ...m, at: new Date(m.at) })),
    };
  }

  /** Merges waiting for review. */
  async pendingReviews(): Promise<{ survivor: string; absorbed: string }[]> {
    await this.init();
    const r = await sql<{ survivor: string; absorbed: string }>`select survivor, absorbed from datong.identity_reviews
      where pipeline = ${this.pipeline} and status = 'pending' order by created_at, survivor, absorbed`.execute(this.db);
    return r.rows;
  }

  /** A person approved a waiting merge: it happens now, and is reported like any other. */
  async approveMerge(survivor: string, absorbed: string): Promise<MergeEvent> {
    const hasEvents = await this.init();
    const now = this.clock();
    return this.db.transaction().execute(async (trx) => {
      const r = await sql`update datong.identity_reviews set status = 'approved', decided_at = ${now}
        where pipeline = ${this.pipeline} and survivor = ${survivor} and absorbed = ${absorbed} and status = 'pending'`.execute(trx);
      if (Number(r.numAffectedRows ?? 0) === 0) throw new Error(`identity: no pending review merges ${absorbed} into ${survivor}`);
      // Either side may have been merged since the review opened: the merge joins their survivors,
      // so every absorbed identity keeps pointing straight at a survivor.
      const [into, from] = [await this.root(trx, survivor), await this.root(trx, absorbed)];
      if (into === from) return { survivor: into, absorbed, sinkIds: { survivor: await this.sinkIdsIn(trx, into), absorbed: {} }, at: now };
      const event = await this.merge(trx, into, from, now, hasEvents);
      await this.refreshGolden(trx, into, now);
      return event;
    });
  }

  /** A person rejected a waiting merge: the two identities stay apart, and are not proposed again. */
  async rejectMerge(survivor: string, absorbed: string): Promise<void> {
    await this.init();
    await sql`update datong.identity_reviews set status = 'rejected', decided_at = ${this.clock()}
      where pipeline = ${this.pipeline} and survivor = ${survivor} and absorbed = ${absorbed} and status = 'pending'`.execute(this.db);
  }

  // ---- internals ----------------------------------------------------------------------------

  private async owners(db: Db, keys: IdentityKey[]): Promise<Map<string, string>> {
    const wanted = JSON.stringify(keys.map((k) => ({ kind: k.kind, value: k.value })));
    const r = await sql<{ kind: string; value: string; identity_id: string }>`select k.kind, k.value, k.identity_id
      from datong.identity_keys k
      join jsonb_to_recordset(${wanted}::jsonb) as x(kind text, value text) on k.kind = x.kind and k.value = x.value
      where k.pipeline = ${this.pipeline}`.execute(db);
    const out = new Map<string, string>();
    for (const row of r.rows) out.set(`${row.kind}\u0000${row.value}`, await this.root(db, row.identity_id));
    return out;
  }

  private async root(db: Db, id: string): Promise<string> {
    let cur = id;
    for (let i = 0; i < 100; i++) {
      const r = await sql<{ merged_into: string | null }>`select merged_into from datong.identities
        where pipeline = ${this.pipeline} and identity_id = ${cur}`.execute(db);
      const next = r.rows[0]?.merged_into;
      if (next == null) return cur;
      cur = next;
    }
    return cur;
  }

  private async oldestFirst(db: Db, ids: string[]): Promise<string[]> {
    const r = await sql<{ identity_id: string }>`select identity_id from datong.identities
      where pipeline = ${this.pipeline} and identity_id = any(${ids})
      order by created_at, seq, identity_id`.execute(db);
    return r.rows.map((row) => row.identity_id);
  }

  private async sinkIdsIn(db: Db, identityId: string): Promise<SinkIds> {
    const r = await sql<{ object: string; sink_id: string }>`select object, sink_id from datong.identity_sinks
      where pipeline = ${this.pipeline} and identity_id = ${identityId} order by object`.execute(db);
    return Object.fromEntries(r.rows.map((row) => [row.object, row.sink_id]));
  }

  private async mergeOrDefer(
    db: Db,
    survivor: string,
    absorbed: string,
    at: Date,
    input: IdentityInput,
    hasEvents: boolean,
  ): Promise<{ kind: 'merged'; event: MergeEvent } | { kind: 'deferred'; deferred: DeferredMerge } | { kind: 'kept_apart' }> {
    const review = await sql<{ status: string }>`select status from datong.identity_reviews
      where pipeline = ${this.pipeline} and survivor = ${survivor} and absorbed = ${absorbed}`.execute(db);
    const status = review.rows[0]?.status;
    if (status === 'rejected') return { kind: 'kept_apart' };
    if (this.rules.reviewMerges || status === 'pending') {
      const sinkIds = { survivor: await this.sinkIdsIn(db, survivor), absorbed: await this.sinkIdsIn(db, absorbed) };
      if (status === 'pending' || (Object.keys(sinkIds.survivor).length > 0 && Object.keys(sinkIds.absorbed).length > 0)) {
        const deferred: DeferredMerge = { survivor, absorbed, sinkIds, channel: input.channel, sourceKey: input.sourceKey };
        if (status === undefined) {
          await sql`insert into datong.identity_reviews (pipeline, survivor, absorbed, detail, created_at)
            values (${this.pipeline}, ${survivor}, ${absorbed}, ${JSON.stringify(deferred)}::jsonb, ${at})`.execute(db);
          if (hasEvents) await this.event(db, 'identity.merge_review', deferred, at);
        }
        return { kind: 'deferred', deferred };
      }
    }
    return { kind: 'merged', event: await this.merge(db, survivor, absorbed, at, hasEvents) };
  }

  private async merge(db: Db, survivor: string, absorbed: string, at: Date, hasEvents: boolean): Promise<MergeEvent> {
    const sinkIds = { survivor: await this.sinkIdsIn(db, survivor), absorbed: await this.sinkIdsIn(db, absorbed) };
    const p = this.pipeline;
    await sql`update datong.identity_keys set identity_id = ${survivor} where pipeline = ${p} and identity_id = ${absorbed}`.execute(db);
    await sql`update datong.identity_records set identity_id = ${survivor} where pipeline = ${p} and identity_id = ${absorbed}`.execute(db);
    await sql`update datong.identities set merged_into = ${survivor}, updated_at = ${at} where pipeline = ${p} and identity_id = ${absorbed}`.execute(db);
    await sql`update datong.identities set merged_into = ${survivor} where pipeline = ${p} and merged_into = ${absorbed}`.execute(db);
    const event: MergeEvent = { survivor, absorbed, sinkIds, at };
    if (hasEvents) await this.event(db, 'identity.merged', { survivor, absorbed, sinkIds }, at);
    return event;
  }

  private async event(db: Db, kind: string, detail: unknown, at: Date): Promise<void> {
    await sql`insert into datong.events (pipeline, kind, actor, at, detail)
      values (${this.pipeline}, ${kind}, 'identity', ${at}, ${JSON.stringify(detail)}::jsonb)`.execute(db);
  }

  private async refreshGolden(db: Db, identityId: string, now: Date): Promise<void> {
    const r = await sql<{ channel: string; record: unknown; at: Date | string }>`select channel, record, at
      from datong.identity_records where pipeline = ${this.pipeline} and identity_id = ${identityId}
      order by at, channel, source_key`.execute(db);
    const observations: Observation[] = r.rows.map((row) => ({
      channel: row.channel,
      record: (typeof row.record === 'string' ? JSON.parse(row.record) : row.record) as Record<string, unknown>,
      at: new Date(row.at),
    }));
    const golden = JSON.stringify(computeGolden(observations, this.rules.survivorship));
    await sql`update datong.identities set golden = ${golden}::jsonb, updated_at = ${now}
      where pipeline = ${this.pipeline} and identity_id = ${identityId} and golden is distinct from ${golden}::jsonb`.execute(db);
  }
}
