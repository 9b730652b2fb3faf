import { fault as faultHook } from './fault.js';
import { HttpClient, type HttpClientOptions } from './http/http-client.js';
import { TokenBucket, type TokenBucketOptions } from './http/token-bucket.js';
import type { Logger } from './logger.js';
import type { PluginContext } from './plugin.js';
import { MemoryPluginState, type PluginState } from './plugin-state.js';
import { Redactor } from './redactor.js';
import type { SqlClient } from './sql-client.js';

/** What a host (the engine, the contract kit, a command) supplies; the rest has defaults. */
export interface PluginContextParts {
  logger: Logger;
  baseDir?: string;
  signal?: AbortSignal;
  embeddedSql?: SqlClient;
  fault?: (point: string) => void;
  state?: PluginState;
  redactor?: Redactor;
  /** Buckets shared between contexts of one process, by credential id. */
  buckets?: Map<string, TokenBucket>;
}

/**
 * Builds a full `PluginContext` from the parts a host has, filling the rest from defaults: state
 * in memory, a fresh redactor, a process-wide bucket registry, HTTP clients bound to the context.
 *
 * @example
 *   const ctx = createPluginContext({ logger, state: store.pluginState(pipeline, 'sources.shop') });
 */
export function createPluginContext(parts: PluginContextParts): PluginContext {
  const redactor = parts.redactor ?? new Redactor();
  const buckets = parts.buckets ?? sharedBuckets;
  const ctx: PluginContext = {
    logger: parts.logger,
    baseDir: parts.baseDir ?? process.cwd(),
    signal: parts.signal ?? new AbortController().signal,
    embeddedSql: parts.embeddedSql,
    fault: parts.fault ?? faultHook,
    state: parts.state ?? new MemoryPluginState(),
    secret: (value) => redactor.add(value),
    rateLimiter: (id: string, options: TokenBucketOptions) => {
      let bucket = buckets.get(id);
      if (!bucket) {
        bucket = new TokenBucket(options);
        buckets.set(id, bucket);
      }
      return bucket;
    },
    http: (options: HttpClientOptions) => new HttpClient(options, { logger: ctx.logger, signal: ctx.signal, redactor }),
  };
  return ctx;
}

const sharedBuckets = new Map<string, TokenBucket>();
