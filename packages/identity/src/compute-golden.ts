import { readPath } from './extract-keys.js';
import type { SurvivorshipRule } from './identity-rules.js';

/** One source record of an identity, as survivorship sees it. */
export interface Observation {
  channel: string;
  record: Record<string, unknown>;
  at: Date;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/**
 * The golden record of one identity from its source records. With survivorship rules, the golden
 * record holds exactly the fields they name (a field may be a dot path); without any, it holds
 * every top-level field, most recent non-empty value first. Ties on time go to the later record in
 * `observations` order, so the result is deterministic.
 *
 * - `most_recent`: the value of the latest record where it is non-empty.
 * - `first_non_empty`: the value of the earliest record where it is non-empty.
 * - `union`: for lists (tags), every value any record has, once (case-insensitive), oldest first.
 * - `{ sourcePriority: [c1, c2] }`: the first listed channel that has a non-empty value (its most
 *   recent); channels not listed come after, most recent first.
 */
export function computeGolden(observations: Observation[], survivorship: Record<string, SurvivorshipRule> | undefined): Record<string, unknown> {
  const byTime = observations
    .map((o, i) => ({ o, i }))
    .sort((a, b) => a.o.at.getTime() - b.o.at.getTime() || a.i - b.i)
    .map((x) => x.o);
  const fields: [string, SurvivorshipRule][] =
    survivorship && Object.keys(survivorship).length > 0
      ? Object.entries(survivorship)
      : [...new Set(byTime.flatMap((o) => Object.keys(o.record)))].sort().map((f) => [f, 'most_recent']);
  const golden: Record<string, unknown> = {};
  for (const [field, rule] of fields) {
    const withValue = byTime.filter((o) => !isEmpty(readPath(o.record, field)));
    if (withValue.length === 0) continue;
    if (rule === 'union') {
      const seen = new Set<string>();
      const all: unknown[] = [];
      for (const o of withValue) {
        const v = readPath(o.record, field);
        for (const item of Array.isArray(v) ? v : [v]) {
          const k = String(item).trim().toLowerCase();
          if (!seen.has(k)) { seen.add(k); all.push(item); }
        }
      }
      golden[field] = all;
      continue;
    }
    let chosen: Observation | undefined;
    if (rule === 'most_recent') chosen = withValue[withValue.length - 1];
    else if (rule === 'first_non_empty') chosen = withValue[0];
    else {
      const rank = (c: string) => {
        const r = rule.sourcePriority.indexOf(c);
        return r === -1 ? rule.sourcePriority.length : r;
      };
      const best = Math.min(...withValue.map((o) => rank(o.channel)));
      const ofBest = withValue.filter((o) => rank(o.channel) === best);
      chosen = ofBest[ofBest.length - 1];
    }
    if (chosen) golden[field] = readPath(chosen.record, field);
  }
  return golden;
}
