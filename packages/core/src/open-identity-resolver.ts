import { IdentityResolver } from '@datong/identity';
import type { Store } from '@datong/store';
import type { PreparedPipeline } from './prepare-pipeline.js';

/**
 * The pipeline's identity resolver over the store's database, or undefined without `identity:`
 * rules. Phone keys are salted hashes: the salt is the file's `phoneSalt`, else one derived from
 * the store's secret key (never stored), so every command that opens the store hashes alike.
 */
export function openIdentityResolver(p: PreparedPipeline, store: Store): IdentityResolver | undefined {
  if (!p.identity) return undefined;
  return new IdentityResolver({
    db: store.db as never,
    pipeline: p.name,
    rules: p.identity.rules,
    phoneSalt: p.identity.phoneSalt ?? store.deriveSecret(`identity-phone-salt:${p.name}`),
  });
}
