import { createHash } from 'node:crypto';
import { headerAuth, UpstreamError, type HttpClient, type HttpResponse, type PluginContext, type ResponseVerdict } from '@datong/sdk';
import type { XiaoshouyiConfig } from './generated/config.js';

/** Where the API is when the config names no baseUrl. Change it to the platform's real address. */
export const DEFAULT_BASE_URL = 'https://api.xiaoshouyi.example';
/** The most inputs one batch call (upsert, read, delete) takes. */
export const MAX_BATCH = 100;

/** One record to upsert: `external_id` is datong's stable key for it, which upserts match on. */
export interface UpsertInput {
  external_id: string;
  properties: Record<string, unknown>;
}

/** The platform's answer to a batch upsert: an id per input it took, an error per input it refused. */
export interface UpsertOutcome {
  results: { external_id: string; id: string }[];
  errors: { external_id: string; message: string }[];
}

/** A stored item as the batch read returns it. */
export interface StoredItem {
  id: string;
  external_id: string;
  properties: Record<string, unknown>;
}

/**
 * The Xiaoshouyi REST API, as much of it as this plugin uses. The SDK's HTTP client does the
 * hard parts: the API key as a bearer token, one rate limit per key shared by everything in the
 * process that uses it, retries with backoff on 429 (honouring Retry-After), 5xx and timeouts,
 * and typed errors with the key redacted. This file says what is particular to the platform.
 */
export class XiaoshouyiClient {
  private readonly http: HttpClient;

  constructor(config: XiaoshouyiConfig, ctx: PluginContext) {
    ctx.secret(config.apiKey);
    const perSecond = config.requestsPerSecond ?? 10;
    this.http = ctx.http({
      baseUrl: (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
      platform: 'xiaoshouyi',
      auth: headerAuth({ authorization: `Bearer ${config.apiKey}` }),
      // Named by a fingerprint of the key: the bucket is per credential, and the key itself never becomes an id.
      limiter: ctx.rateLimiter(`xiaoshouyi:${fingerprint(config.apiKey)}`, { capacity: perSecond, refillPerSecond: perSecond }),
      classify: refusedKey,
    });
  }

  /** Proves the key works without reading records: GET /v1/me. */
  async check(): Promise<void> {
    await this.http.request({ path: '/v1/me' });
  }

  /** Creates or replaces items by `external_id`, at most MAX_BATCH at a time. Idempotent, so a retried call is safe. */
  async upsert(inputs: UpsertInput[]): Promise<UpsertOutcome> {
    const response = await this.http.request({ method: 'POST', path: '/v1/items/batch/upsert', json: { inputs } });
    return response.json<UpsertOutcome>();
  }

  /** The items stored under these external ids (those it has), at most MAX_BATCH at a time. */
  async read(externalIds: string[]): Promise<StoredItem[]> {
    const response = await this.http.request({ method: 'POST', path: '/v1/items/batch/read', json: { external_ids: externalIds } });
    return response.json<{ results: StoredItem[] }>().results;
  }

  /** Deletes the items stored under these external ids, at most MAX_BATCH at a time; unknown ids are ignored. */
  async delete(externalIds: string[]): Promise<void> {
    await this.http.request({ method: 'POST', path: '/v1/items/batch/delete', json: { external_ids: externalIds } });
  }
}

/** A 401 or 403 means the key is wrong or lacks a scope: say so, so nobody retries or hunts elsewhere. */
function refusedKey(response: HttpResponse): ResponseVerdict | undefined {
  if (response.status !== 401 && response.status !== 403) return undefined;
  const platformCode = errorCode(response);
  const message = `xiaoshouyi refused the API key (${response.status}${platformCode ? ` ${platformCode}` : ''}) for ${response.request}: check apiKey`;
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
