import { createHash } from 'node:crypto';
import { normalizeEmail as canonicalEmail, normalizePhone as canonicalPhone } from '@datong/mapping';
import type { IdentityRules } from './identity-rules.js';

/** One match key a record yields: `kind` and its normalized (for phones, hashed) value. */
export interface IdentityKey {
  kind: string;
  value: string;
  priority: number;
  strong: boolean;
}

/** The implicit key every record has: its own channel and source key. The same source record is always the same person. */
export const SOURCE_RECORD_KIND = 'source_record';

/** Reads a dot path (`buyer.contact.email`) from a record; undefined when any step is missing. */
export function readPath(record: unknown, path: string): unknown {
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Trimmed, lowercased (by @datong/mapping's normalizer); undefined when invalid or masked (`j***@x.com` names nobody in particular). */
export function normalizeEmail(raw: unknown): string | undefined {
  const e = canonicalEmail(raw);
  return e === undefined || e.includes('*') ? undefined : e;
}

/**
 * A phone in E.164 (`+8613812341234`), or undefined when it cannot identify one person: empty,
 * masked (`138****1234`: the platforms hide the middle digits), or not a valid number. Numbers
 * without a calling code are read in `defaultRegion` (CN). The parsing is @datong/mapping's (on
 * libphonenumber-js), so a mapping and the identity keys never disagree about a number.
 */
export function normalizePhone(raw: unknown, defaultRegion = 'CN'): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const phone = canonicalPhone(String(raw), defaultRegion);
  return phone.masked ? undefined : phone.e164;
}

/** sha256 of the pipeline's salt and the E.164 number: the stored phone key never holds the number. */
export function hashPhone(e164: string, salt: string): string {
  return createHash('sha256').update(`${salt}\u0000${e164}`).digest('hex');
}

/** Kinds whose values are only unique within one channel (a shop's customer id, an app's openid). */
const PER_CHANNEL = new Set(['channel_customer_id', 'wechat_openid']);

/**
 * The keys one record yields under the rules, highest priority (lowest number) first, ending with
 * the implicit `source_record` key. A field that is missing, empty, masked or malformed yields no key.
 */
export function extractKeys(
  rules: IdentityRules,
  input: { channel: string; sourceKey: string; record: unknown },
  phoneSalt: string | undefined,
): IdentityKey[] {
  const out: IdentityKey[] = [];
  const seen = new Set<string>();
  const rulesByPriority = [...rules.keys].sort((a, b) => a.priority - b.priority);
  for (const rule of rulesByPriority) {
    if (rule.channels && !rule.channels.includes(input.channel)) continue;
    const raw = readPath(input.record, rule.from);
    let value: string | undefined;
    if (rule.kind === 'email') value = normalizeEmail(raw);
    else if (rule.kind === 'phone_hash') {
      const e164 = normalizePhone(raw, rules.defaultRegion);
      if (e164 !== undefined) {
        if (phoneSalt === undefined || phoneSalt === '') throw new Error('identity: a phone_hash key needs the pipeline salt (phoneSalt)');
        value = hashPhone(e164, phoneSalt);
      }
    } else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'bigint') {
      const v = String(raw).trim();
      if (v !== '' && !v.includes('*')) value = PER_CHANNEL.has(rule.kind) ? `${input.channel}:${v}` : v;
    }
    if (value === undefined) continue;
    const id = `${rule.kind}\u0000${value}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ kind: rule.kind, value, priority: rule.priority, strong: rule.strong ?? true });
  }
  out.push({ kind: SOURCE_RECORD_KIND, value: `${input.channel}:${input.sourceKey}`, priority: Number.POSITIVE_INFINITY, strong: true });
  return out;
}
