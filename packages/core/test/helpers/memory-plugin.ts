import { sdkEntry, writePluginPackage } from './plugin-package.js';

/**
 * Installs a small plugin package, `datong-plugin-memory`, into `<dir>/node_modules`, the way a
 * user's project would have it: a source of `count` orders and a sink that keeps rows in a JSON
 * file and fails its first `failures` writes with the given error kind. Lets the engine be tested
 * through its real plugin loading, without the file or Postgres plugins.
 */
export function installMemoryPlugin(dir: string): void {
  writePluginPackage(dir, 'datong-plugin-memory', {
    source: { type: 'object', additionalProperties: false, required: ['count'], properties: { count: { type: 'integer' }, revision: { type: 'integer' }, once: { type: 'boolean' } } },
    sink: { type: 'object', additionalProperties: false, required: ['file'], properties: { file: { type: 'string' }, failures: { type: 'integer' }, retryable: { type: 'boolean' }, token: { type: 'string', 'x-secret': true }, deferUntil: { type: 'string' } } },
  }, `
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { definePlugin, UpstreamError } from ${sdkEntry};

const source = {
  async open(config) {
    const stream = {
      spec: { name: 'orders', key: ['id'], schema: { type: 'object', required: ['id', 'amount'], properties: { id: { type: 'string' }, amount: { type: 'number' } } } },
      async *read({ state, batchSize }) {
        const start = state?.next ?? 0;
        for (let i = start; i < config.count; i += batchSize) {
          const end = Math.min(config.count, i + batchSize);
          const items = [];
          for (let n = i; n < end; n++) items.push({ record: { id: 'o' + n, amount: n % 7 === 6 ? 'seven' : n + (config.revision ?? 0) }, at: 'mem:' + n });
          yield { items, state: { next: end === config.count && !config.once ? 0 : end } };
        }
      },
    };
    return { streams: async () => [stream] };
  },
};

const sink = {
  async open(config, ctx) {
    const file = resolve(ctx.baseDir, config.file);
    const failures = config.failures ?? 0;
    const load = () => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { rows: {}, writes: 0, failed: 0 });
    return {
      async object(spec) {
        return {
          spec,
          async write(batch) {
            const db = load();
            db.writes++;
            if (db.failed < failures) {
              db.failed++;
              writeFileSync(file, JSON.stringify(db));
              throw new UpstreamError('token ' + config.token + ' refused: try later', { status: config.retryable ? 503 : 400, retryable: config.retryable });
            }
            // With deferUntil, ids ending in 3 wait until that file exists (their "parent" has arrived).
            const waiting = config.deferUntil && !existsSync(resolve(ctx.baseDir, config.deferUntil));
            const results = [];
            for (const w of batch) {
              if (waiting && w.key.endsWith('3')) results.push({ key: w.key, deferred: 'parent of ' + w.key + ' not there yet' });
              else db.rows[w.key] = w.record;
            }
            writeFileSync(file, JSON.stringify(db));
            return results;
          },
          async readBack(keys) {
            const db = load();
            return new Map(keys.filter((k) => db.rows[k]).map((k) => [k, db.rows[k]]));
          },
        };
      },
    };
  },
};

export default definePlugin({ source, sink });
`);
}
