import { createRequire } from 'node:module';
import { ConfigError, describeAjvErrors } from '@datong/sdk';
import AjvModule from 'ajv';

const require = createRequire(import.meta.url);
const schema = require('../identity-rules.schema.json') as object;

/** The built-in key kinds; any other string is a custom kind, matched exactly as given. */
export type KnownKeyKind = 'channel_customer_id' | 'taobao_open_uid' | 'wechat_unionid' | 'wechat_openid' | 'email' | 'phone_hash';

export interface KeyRule {
  kind: KnownKeyKind | (string & {});
  /** Dot path of the field in the incoming record (`buyer.open_uid`). */
  from: string;
  /** Lower is tried first. */
  priority: number;
  /** May this key merge two identities? True by default. A weak key only attaches to one existing identity. */
  strong?: boolean;
  /** Only records from these channels yield this key. */
  channels?: string[];
}

export type SurvivorshipRule = 'most_recent' | 'first_non_empty' | 'union' | { sourcePriority: string[] };

export interface IdentityRules {
  keys: KeyRule[];
  /** Per golden-record field; a field with no rule takes its most recent non-empty value. */
  survivorship?: Record<string, SurvivorshipRule>;
  /** Merges of two identities that both already have a sink id wait for review instead of happening. */
  reviewMerges?: boolean;
  /** ISO region for phones written without a calling code: `CN` by default. */
  defaultRegion?: string;
}

const NAME_FIELDS = new Set(['name', 'full_name', 'fullname', 'first_name', 'firstname', 'last_name', 'lastname', 'display_name', 'nickname', 'nick', 'given_name', 'family_name']);

function isNameLike(s: string): boolean {
  const last = s.split('.').pop() ?? s;
  return NAME_FIELDS.has(last.toLowerCase().replace(/[-\s]/g, '_').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()) || NAME_FIELDS.has(last.toLowerCase());
}

const Ajv = (AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule;
const validate = new (Ajv as unknown as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } })({ allErrors: true }).compile(schema);

/**
 * Checks identity rules against `identity-rules.schema.json` and the rules a schema cannot say:
 * a person is never matched on a name (names are shared by many people, so a name key is refused
 * outright), and phone keys use `phone_hash`.
 *
 * @throws ConfigError listing every problem, with a JSON pointer into the rules.
 */
export function checkIdentityRules(rules: unknown): IdentityRules {
  if (!validate(rules)) {
    throw new ConfigError([{ pointer: '', message: `identity rules: ${describeAjvErrors(validate.errors as never)}` }]);
  }
  const r = rules as IdentityRules;
  const problems: { pointer: string; message: string }[] = [];
  r.keys.forEach((k, i) => {
    if (isNameLike(k.kind) || isNameLike(k.from)) {
      problems.push({
        pointer: `/keys/${i}`,
        message: `identity rules: a key on a name (${k.kind} from ${k.from}) is refused: many people share a name, so a name never ties two records to one person; match on an id, an email or a phone instead`,
      });
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return r;
}
