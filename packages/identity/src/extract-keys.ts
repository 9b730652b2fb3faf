import { createHash } from 'node:crypto';
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

/** Trimmed, lowercased; undefined when it does not look like an email. */
export function normalizeEmail(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const e = raw.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) return undefined;
  // A masked email (`j***@x.com`) names nobody in particular.
  if (e.includes('*')) return undefined;
  return e;
}

/**
 * A phone in E.164 (`+8613812341234`), or undefined when it cannot identify one person: empty,
 * masked (`138****1234`, `138xxxx1234`: the platforms hide the middle digits), or not a plausible
 * number. Without a calling code the number is taken as `defaultCountry` (86, China): an 11-digit
 * mobile starting with 1, or a trunk-prefixed landline (`010 1234 5678`).
 */
export function normalizePhone(raw: unknown, defaultCountry = '86'): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  let s = String(raw).trim();
  if (s === '') return undefined;
  // Masked: any run of * (or of x / X between digits) means some digits were hidden.
  if (/\*/.test(s) || /\d[\s-]*[xX]+[\s-]*\d/.test(s) || /^[xX]+\d|\d[xX]+$/.test(s)) return undefined;
  // An extension is not part of the person's number.
  s = s.replace(/\s*(ext\.?|extension|#|转)\s*\d+$/i, '');
  if (/[^\d\s+().\-]/.test(s)) return undefined;
  const plus = s.startsWith('+');
  let digits = s.replace(/\D/g, '');
  if (plus) {
    // as given
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (defaultCountry === '86' && digits.length === 13 && digits.startsWith('86') && digits[2] === '1') {
    // 8613812341234 written without the plus
  } else if (defaultCountry === '86' && /^1[3-9]\d{9}$/.test(digits)) {
    digits = `86${digits}`;
  } else if (digits.startsWith('0')) {
    digits = `${defaultCountry}${digits.slice(1)}`;
  } else {
    digits = `${defaultCountry}${digits}`;
  }
  if (!/^[1-9]\d{7,14}$/.test(digits)) return undefined;
  if (/^861[3-9]/.test(digits) && digits.length !== 13) return undefined;
  return `+${digits}`;
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
      const e164 = normalizePhone(raw, rules.defaultCountry);
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
