import { createHash } from 'node:crypto';
import { headerAuth, UpstreamError, type HttpClient, type HttpResponse, type PluginContext, type ResponseVerdict } from '@datong/sdk';
import type { __PASCAL__Config } from './generated/config.js';
import type { __PASCAL__Item } from './generated/items.js';

/** Where the API is when the config names no baseUrl. Change it to the platform's real address. */
export const DEFAULT_BASE_URL = 'https://api.__NAME__.example';
/** The largest page GET /v1/items serves (its `limit`). */
export const MAX_PAGE_SIZE = 100;

/** One page of a listing, and the cursor of the next page (undefined on the last). */
export interface ItemsPage {
  items: __PASCAL__Item[];
  nextCursor: string | undefined;
}

/**
 * The __TITLE__ REST API, as much of it as this plugin uses. The SDK's HTTP client does the
 * hard parts: the API key as a bearer token, one rate limit per key shared by everything in the
 * process that uses it, retries with backoff on 429 (honouring Retry-After), 5xx and timeouts,
 * and typed errors with the key redacted. This file says what is particular to the platform.
 */
export class __PASCAL__Client {
  private readonly http: HttpClient;

  constructor(config: __PASCAL__Config, ctx: PluginContext) {
    ctx.secret(config.apiKey);
    const perSecond = config.requestsPerSecond ?? 10;
    this.http = ctx.http({
      baseUrl: (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      platform: '__NAME__',
      auth: headerAuth({ authorization: `Bearer ${config.apiKey}` }),
      // Named by a fingerprint of the key: the bucket is per credential, and the key itself never becomes an id.
      limiter: ctx.rateLimiter(`__NAME__:${fingerprint(config.apiKey)}`, { capacity: perSecond, refillPerSecond: perSecond }),
      classify: refusedKey,
    });
  }

  /** Proves the key works without reading records: GET /v1/me. */
  async check(): Promise<void> {
    await this.http.request({ path: '/v1/me' });
  }

  /** One page of the items changed at or after `updatedSince`, oldest change first. */
  async listItems(query: { updatedSince?: string; cursor?: string; limit: number }): Promise<ItemsPage> {
    const response = await this.http.request({
      path: '/v1/items',
      query: { updated_since: query.updatedSince, cursor: query.cursor, limit: query.limit },
    });
    const body = response.json<{ items: __PASCAL__Item[]; next_cursor: string | null }>();
    return { items: body.items, nextCursor: body.next_cursor ?? undefined };
  }
}

/** A 401 or 403 means the key is wrong or lacks a scope: say so, so nobody retries or hunts elsewhere. */
function refusedKey(response: HttpResponse): ResponseVerdict | undefined {
  if (response.status !== 401 && response.status !== 403) return undefined;
  const platformCode = errorCode(response);
  const message = `__NAME__ refused the API key (${response.status}${platformCode ? ` ${platformCode}` : ''}) for ${response.request}: check apiKey`;
  return { error: new UpstreamError(message, { status: response.status, platformCode, retryable: false, code: 'AUTH_FAILED' }) };
}

/** The platform's own error code from an error body `{ "error": "unauthorized", "message": ... }`. */
function errorCode(response: HttpResponse): string | undefined {
  try {
    const code = response.json<{ error?: unknown }>().error;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}
