import { createHash } from 'node:crypto';
import { headerAuth, type HttpClient, type PluginContext } from '@datong/sdk';
import { classifyResponse } from './classify-response.js';
import { EndpointLimiter, perSecond } from './endpoint-limiter.js';
import type { RateLimits, SinkSettings } from './sink-settings.js';

/** Jiandaoyun's most records per batch_create and rows per data/list page (OFFICIAL 14220, 14223). */
export const SLICE = 100;

/** A widget as `widget/list` answers it. */
export interface Widget {
  name: string;
  label: string;
  type: string;
}

/** A record as `data/list` answers it: system fields and plain values keyed by widget id. */
export interface DataRow {
  _id: string;
  [widget: string]: unknown;
}

/** The form a call is about. */
export interface FormRef {
  appId: string;
  entryId: string;
}

/** A `data/list` filter (OFFICIAL 14220). */
export interface Filter {
  rel: 'and' | 'or';
  cond: { field: string; type: string; method: string; value?: unknown[] }[];
}

/** The most rows one `data/list` page holds (OFFICIAL 14220). */
export const LIST_LIMIT = 100;

type Endpoint = 'widget/list' | 'data/list' | 'data/batch_create' | 'data/update' | 'data/delete';

const LIMIT_OF: Record<Endpoint, keyof RateLimits> = {
  'widget/list': 'widgets',
  'data/list': 'list',
  'data/batch_create': 'batchCreate',
  'data/update': 'update',
  'data/delete': 'delete',
};

/**
 * The Jiandaoyun open API v5 calls the sink makes, typed: every one a POST of JSON to
 * /api/v5/app/entry/<endpoint> with `Authorization: Bearer <apiKey>`. Each endpoint has its own
 * HTTP client whose limiter takes a token from the endpoint's bucket and one from the key's global
 * bucket, at the documented per-second limits; retries, 8303 and 429 are the HTTP kit's and
 * classifyResponse's business.
 */
export class JiandaoyunApi {
  private readonly clients = new Map<Endpoint, HttpClient>();

  constructor(settings: SinkSettings, ctx: PluginContext) {
    ctx.secret(settings.apiKey);
    // Buckets are named by a digest of the key, shared by every sink of the process using it; never the key itself.
    const id = `jiandaoyun:${createHash('sha256').update(settings.apiKey).digest('hex').slice(0, 16)}`;
    const global = ctx.rateLimiter(`${id}:global`, perSecond(settings.rateLimits.global));
    for (const endpoint of Object.keys(LIMIT_OF) as Endpoint[]) {
      const own = ctx.rateLimiter(`${id}:${endpoint}`, perSecond(settings.rateLimits[LIMIT_OF[endpoint]]));
      this.clients.set(endpoint, ctx.http({
        baseUrl: `${settings.baseUrl}/api/v5/app/entry`,
        platform: 'jiandaoyun',
        auth: headerAuth({ Authorization: `Bearer ${settings.apiKey}` }),
        limiter: new EndpointLimiter(own, global),
        // A frequency refusal waits a quarter second; a second's window may take a few.
        retries: 10,
        classify: classifyResponse,
      }));
    }
  }

  /** `widget/list`: the form's widgets (UNCONFIRMED endpoint and shape). Also what check() calls. */
  async widgets(form: FormRef): Promise<Widget[]> {
    const body = await this.post<{ widgets?: Widget[] }>('widget/list', { app_id: form.appId, entry_id: form.entryId });
    return body.widgets ?? [];
  }

  /** One page of `data/list`, ascending by `_id`, after `after` (the last `_id` of the page before). */
  async list(form: FormRef, options: { filter?: Filter; fields?: string[]; after?: string; limit?: number }): Promise<DataRow[]> {
    const body = await this.post<{ data?: DataRow[] }>('data/list', {
      app_id: form.appId,
      entry_id: form.entryId,
      data_id: options.after ?? '',
      limit: options.limit ?? LIST_LIMIT,
      ...(options.fields ? { fields: options.fields } : {}),
      ...(options.filter ? { filter: options.filter } : {}),
    });
    return body.data ?? [];
  }

  /** Every row matching the filter, page by page. */
  async listAll(form: FormRef, filter: Filter | undefined, fields?: string[]): Promise<DataRow[]> {
    const rows: DataRow[] = [];
    for (let after: string | undefined; ; ) {
      const page = await this.list(form, { filter, fields, after });
      rows.push(...page);
      if (page.length < LIST_LIMIT) return rows;
      after = page[page.length - 1]!._id;
    }
  }

  /** `data/batch_create`: ≤100 records; answers the new `_id`s in order when the platform lists them. */
  async batchCreate(form: FormRef, dataList: Record<string, { value: unknown }>[], transactionId: string, options: { dataCreator?: string; startWorkflow: boolean }): Promise<string[] | undefined> {
    const body = await this.post<{ success_ids?: unknown }>('data/batch_create', {
      app_id: form.appId,
      entry_id: form.entryId,
      data_list: dataList,
      transaction_id: transactionId,
      is_start_workflow: options.startWorkflow,
      ...(options.dataCreator ? { data_creator: options.dataCreator } : {}),
    });
    const ids = body.success_ids;
    return Array.isArray(ids) && ids.length === dataList.length && ids.every((id) => typeof id === 'string') ? (ids as string[]) : undefined;
  }

  /** `data/update`: sets these widgets of one record; the others keep their values. */
  async update(form: FormRef, dataId: string, data: Record<string, { value: unknown }>): Promise<void> {
    await this.post('data/update', { app_id: form.appId, entry_id: form.entryId, data_id: dataId, data });
  }

  /** `data/delete`: removes one record. */
  async delete(form: FormRef, dataId: string): Promise<void> {
    await this.post('data/delete', { app_id: form.appId, entry_id: form.entryId, data_id: dataId });
  }

  private async post<T>(endpoint: Endpoint, json: unknown): Promise<T> {
    const response = await this.clients.get(endpoint)!.request({ method: 'POST', path: `/${endpoint}`, json });
    return response.json<T>();
  }
}
