import { defineSource, type TokenBucket } from '@datong/sdk';
import type { RestSourceConfig } from './generated/source-config.js';
import { RestAuth } from './rest-auth.js';
import { RestStreamClient } from './rest-client.js';
import { resolveConfig } from './rest-config.js';
import { RestStream } from './streams/rest-stream.js';

/**
 * The declarative REST source: one stream per entry of `config.streams`, each a JSON listing
 * endpoint of the store, read with the configured auth, paging and cursor. No code per store.
 *
 * @example
 *   streams: [{ name: orders, path: /api/orders, recordPath: data.items, key: [id],
 *     cursor: { field: updated_at, param: updated_since }, pagination: { type: page } }]
 */
export const restSource = defineSource<RestSourceConfig>({
  async open(raw, ctx) {
    const config = await resolveConfig(raw, ctx.baseDir);
    for (const secret of RestAuth.secrets(config.auth)) if (secret) ctx.secret(secret);
    const limiter: TokenBucket | undefined = config.rateLimit
      ? ctx.rateLimiter(`rest:${config.baseUrl}`, { capacity: config.rateLimit.burst, refillPerSecond: config.rateLimit.requestsPerSecond })
      : undefined;
    const clients = config.streams.map((stream) => new RestStreamClient(config, stream, ctx, limiter));
    return {
      streams: async () => clients.map((client) => new RestStream(client, config.startDate)),
      // The first page of every stream: the credentials, each path and each recordPath, proven.
      check: async () => {
        for (const client of clients) await client.fetch(client.firstUrl({}));
      },
    };
  },
});
