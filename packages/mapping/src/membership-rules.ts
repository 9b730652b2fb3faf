import { RecordError, type DataRecord } from '@datong/sdk';
import type { MappingSpec } from './mapping-spec.js';
import { condition, isEmpty, suggest, where, type Context } from './compile-mapping.js';
import { pathGetter } from './record-path.js';

export interface MembershipRules {
  /** The tier and tag fields for one source record (`{ tier: 'vip', tags: ['VIP', 'Tmall'] }`). */
  evaluate(record: DataRecord): Promise<DataRecord>;
  /** Every tag the rules can give: the tags datong owns, and so the only ones tag sync removes. */
  ownedTags: string[];
}

/**
 * Compiles the `tier:` and `tags:` sections of a mapping. `tier.rules` are JSONata conditions over
 * the source record tried in order (`points >= 5000` → `vip`), then `else`. `tags.rules` give the
 * desired tag set: `{ when, tag }` adds `tag` when the condition holds; `{ from, values }` maps a
 * field's value (or each value of a list) to a tag (null: no tag; an unlisted value dead-letters the
 * record like any value map). Tags are de-duplicated case-insensitively, first spelling kept.
 * Undefined when the mapping has neither section. Used by `compileMapping`.
 */
export function compileMembershipRules(spec: MappingSpec, ctx: Context): MembershipRules | undefined {
  if (!spec.tier && !spec.tags) return undefined;
  const parts: ((record: DataRecord, out: DataRecord) => Promise<void>)[] = [];
  const owned: string[] = [];

  if (spec.tier) {
    const tier = spec.tier;
    const field = tier.field ?? 'tier';
    const rules = tier.rules.map((r, i) => ({ test: condition(r.when, `/tier/rules/${i}/when`, ctx), then: r.then }));
    if (tier.to !== undefined) {
      const list = typeof tier.to === 'string' ? ctx.spec.enums?.[tier.to] : tier.to;
      if (list === undefined) {
        ctx.problems.push({ ...ctx.locate('/tier/to'), message: `to "${String(tier.to)}" names no enum under enums${suggest(String(tier.to), Object.keys(ctx.spec.enums ?? {}))}` });
      } else {
        const allowed = new Set(list.map(String));
        tier.rules.forEach((r, i) => {
          if (!allowed.has(r.then)) ctx.problems.push({ ...ctx.locate(`/tier/rules/${i}/then`), message: `tier rule ${i + 1} gives "${r.then}", which is not in its declared enum [${[...allowed].join(', ')}]` });
        });
        if (tier.else !== undefined && !allowed.has(tier.else)) ctx.problems.push({ ...ctx.locate('/tier/else'), message: `tier else "${tier.else}" is not in its declared enum [${[...allowed].join(', ')}]` });
      }
    }
    parts.push(async (record, out) => {
      for (const r of rules) {
        if (await r.test(record)) { out[field] = r.then; return; }
      }
      if (tier.else !== undefined) out[field] = tier.else;
    });
  }

  if (spec.tags) {
    const field = spec.tags.field ?? 'tags';
    const rules = spec.tags.rules.map((r, i) => {
      const pointer = `/tags/rules/${i}`;
      if (r.when !== undefined && r.tag !== undefined) {
        owned.push(r.tag);
        const test = condition(r.when, `${pointer}/when`, ctx);
        const tag = r.tag;
        return async (record: DataRecord) => ((await test(record)) ? [tag] : []);
      }
      if (r.from !== undefined && r.values !== undefined) {
        const table = new Map(Object.entries(r.values));
        for (const t of table.values()) if (typeof t === 'string') owned.push(t);
        const loc = ctx.locate(`${pointer}/values`);
        ctx.enums.push({ field, from: r.from, values: [...table.keys()], ...loc });
        const get = pathGetter(r.from);
        const from = r.from;
        return async (record: DataRecord) => {
          const raw = get(record);
          const list = Array.isArray(raw) ? raw : [raw];
          const tags: string[] = [];
          for (const v of list) {
            if (isEmpty(v)) continue;
            const key = String(v);
            if (!table.has(key)) throw new RecordError(`field "${field}": value ${JSON.stringify(key)} of "${from}" has no tag mapping (${where(loc)})`, { code: 'UNMAPPED_VALUE' });
            const tag = table.get(key);
            if (typeof tag === 'string') tags.push(tag);
          }
          return tags;
        };
      }
      ctx.problems.push({ ...ctx.locate(pointer), message: 'a tag rule needs either when and tag, or from and values' });
      return async () => [] as string[];
    });
    parts.push(async (record, out) => {
      const tags: string[] = [];
      const seen = new Set<string>();
      for (const rule of rules) {
        for (const tag of await rule(record)) {
          const key = tag.toLowerCase();
          if (!seen.has(key)) { seen.add(key); tags.push(tag); }
        }
      }
      out[field] = tags;
    });
  }

  const ownedUnique = [...new Map(owned.map((t) => [t.toLowerCase(), t])).values()];
  return {
    async evaluate(record) {
      const out: DataRecord = {};
      for (const part of parts) await part(record, out);
      return out;
    },
    ownedTags: ownedUnique,
  };
}
