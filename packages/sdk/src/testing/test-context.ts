import type { Logger } from '../logger.js';
import type { PluginContext } from '../plugin.js';
import { createPluginContext } from '../plugin-context.js';
import { MemoryPluginState, type PluginState } from '../plugin-state.js';
import { Redactor } from '../redactor.js';
import type { TokenBucket } from '../http/token-bucket.js';

/** One line a plugin logged through a test context. */
export interface LoggedMessage {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A plugin context for tests, with what the test needs to look at or pull. */
export type TestContext = PluginContext & {
  /** Everything the plugin logged, in order, as it logged it (not redacted: tests look for leaks). */
  messages: LoggedMessage[];
  /** The redactor behind `ctx.secret()` and the context's HTTP clients. */
  redactor: Redactor;
  /** Aborts `ctx.signal`: to test that a plugin stops when the run is cancelled. */
  controller: AbortController;
};

/**
 * A `PluginContext` as the engine would build it, for a plugin's tests: state in memory, a logger
 * that records into `messages`, its own redactor, an abort controller, and rate limiters private
 * to this context (so one test's 429 pause cannot slow the next).
 *
 * @example
 *   const ctx = testContext();
 *   const source = await plugin.source!.open(config, ctx);
 *   t.notMatch(JSON.stringify(ctx.messages), config.accessToken);
 */
export function testContext(options: { baseDir?: string; state?: PluginState } = {}): TestContext {
  const messages: LoggedMessage[] = [];
  const record = (level: LoggedMessage['level']) => (message: string, fields?: Record<string, unknown>) => {
    messages.push({ level, message, fields });
  };
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const redactor = new Redactor();
  const controller = new AbortController();
  const ctx = createPluginContext({
    logger,
    baseDir: options.baseDir,
    signal: controller.signal,
    state: options.state ?? new MemoryPluginState(),
    redactor,
    buckets: new Map<string, TokenBucket>(),
  });
  return Object.assign(ctx, { messages, redactor, controller });
}
