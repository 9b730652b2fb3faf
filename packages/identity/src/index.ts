export { checkIdentityRules, type IdentityRules, type KeyRule, type KnownKeyKind, type SurvivorshipRule } from './identity-rules.js';
export { extractKeys, normalizeEmail, normalizePhone, hashPhone, readPath, SOURCE_RECORD_KIND, type IdentityKey } from './extract-keys.js';
export { computeGolden, type Observation } from './compute-golden.js';
export { ensureIdentityTables } from './ensure-identity-tables.js';
export {
  IdentityResolver,
  identityIdFor,
  type IdentityInput,
  type IdentityResolverOptions,
  type MergeEvent,
  type DeferredMerge,
  type ResolveResult,
  type IdentityHistory,
  type SinkIds,
} from './identity-resolver.js';
