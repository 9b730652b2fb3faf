import type { HttpClient, PluginContext } from '@datong/sdk';
import { UpstreamError } from '@datong/sdk';
import { classifyAnswer, describeRefusal, errcodeOf, type U8Answer } from './u8-answer.js';
import { pacing } from './rate-limit-pacing.js';
import type { SinkSettings } from './sink-settings.js';
import { U8TokenAuth } from './u8-token-auth.js';

/** The U8 resources the sink writes: the body of an add or edit is wrapped in the resource's name. */
export type U8Resource = 'customer' | 'saleorder';

/** A U8 record as get answers it (customer or saleorder), by U8's field names. */
export type U8Record = Record<string, unknown>;

/** What became of an add or an edit: U8's id of the record, or its refusal (errcode and message). */
export type U8WriteOutcome = { id: string } | { errcode: string; refusal: string };

/**
 * The U8 OpenAPI calls the sink makes, typed. The SDK's HTTP client does the hard parts: the
 * token (`U8TokenAuth`, in the query string), a rate limiter per app key shared by every sink of
 * the process, retries with backoff on 5xx, timeouts and U8's throttle errcode, and typed errors
 * with the secret and the token redacted. Business calls carry from_account, to_account, app_key
 * (and ds_sequence when configured); adds also carry the record's tradeid and sync=1.
 */
export class U8Client {
  readonly auth: U8TokenAuth;
  private readonly http: HttpClient;

  constructor(
    private readonly settings: SinkSettings,
    ctx: PluginContext,
  ) {
    ctx.secret(settings.appSecret);
    const limiter = ctx.rateLimiter(`yonyou-u8:${settings.appKey}`, pacing(settings.requestsPerWindow, settings.windowMs));
    const options = {
      baseUrl: settings.baseUrl,
      platform: 'yonyou-u8',
      limiter,
      retries: settings.retries,
      classify: (response: Parameters<typeof classifyAnswer>[0]) => classifyAnswer(response, settings.errcodes, settings.windowMs),
    };
    this.auth = new U8TokenAuth(settings, ctx.http(options), ctx);
    this.http = ctx.http({ ...options, auth: this.auth });
  }

  /** Proves the credentials (a fresh token) and the enterprise account: one page of one customer. */
  async check(): Promise<void> {
    await this.auth.verify();
    const answer = await this.call('GET', '/api/customer/batch_get', { page_index: 1, rows_per_page: 1 });
    if (errcodeOf(answer) !== '0') throw refused(answer, 'reading one customer (check)');
  }

  /** `GET /system/tradeid`: a fresh trade id, which makes one add idempotent. */
  async tradeid(): Promise<string> {
    await this.auth.ready();
    const response = await this.http.request({ path: '/system/tradeid', query: { from_account: this.settings.fromAccount, app_key: this.settings.appKey } });
    const answer = response.json<U8Answer & { trade?: { id?: unknown } }>();
    const id = answer.trade?.id;
    if (errcodeOf(answer) !== '0' || typeof id !== 'string' || id === '') throw refused(answer, 'fetching a tradeid');
    return id;
  }

  /** `GET /api/<resource>/get?id=<code>`: the record of that code, or undefined when U8 holds none. */
  async get(resource: U8Resource, code: string): Promise<U8Record | undefined> {
    const answer = await this.call('GET', `/api/${resource}/get`, { id: code });
    const errcode = errcodeOf(answer);
    if (errcode === this.settings.errcodes.notFound) return undefined;
    if (errcode !== '0') throw refused(answer, `reading ${resource} ${code}`);
    const record = answer[resource];
    return record !== null && typeof record === 'object' && !Array.isArray(record) ? (record as U8Record) : undefined;
  }

  /** `POST /api/<resource>/add?...&tradeid=<tradeid>&sync=1` with `{"<resource>": body}`; never with biz_id as well. */
  async add(resource: U8Resource, body: U8Record, tradeid: string): Promise<U8WriteOutcome> {
    const answer = await this.call('POST', `/api/${resource}/add`, { tradeid, sync: 1 }, { [resource]: body });
    return outcome(answer, body);
  }

  /** `POST /api/<resource>/edit` with `{"<resource>": body}`: `code` names the record; no tradeid. */
  async edit(resource: U8Resource, body: U8Record): Promise<U8WriteOutcome> {
    const answer = await this.call('POST', `/api/${resource}/edit`, {}, { [resource]: body });
    return outcome(answer, body);
  }

  /** `POST /api/saleorder/abandon` (with a tradeid, as every voucher action): voids the order of that code. */
  async abandonSaleOrder(code: string, tradeid: string): Promise<U8WriteOutcome> {
    const answer = await this.call('POST', '/api/saleorder/abandon', { tradeid, sync: 1 }, { saleorder: { voucher_code: code } });
    return outcome(answer, { code });
  }

  private async call(method: 'GET' | 'POST', path: string, query: Record<string, string | number>, json?: unknown): Promise<U8Answer> {
    const { fromAccount, toAccount, appKey, dsSequence } = this.settings;
    await this.auth.ready();
    const response = await this.http.request({
      method,
      path,
      query: { from_account: fromAccount, to_account: toAccount, app_key: appKey, ds_sequence: dsSequence, ...query },
      json,
    });
    return response.json<U8Answer>();
  }
}

function outcome(answer: U8Answer, body: U8Record): U8WriteOutcome {
  const errcode = errcodeOf(answer);
  if (errcode !== '0') return { errcode, refusal: describeRefusal(answer) };
  const id = answer.id;
  return { id: typeof id === 'string' || typeof id === 'number' ? String(id) : String(body.code) };
}

function refused(answer: U8Answer, doing: string): UpstreamError {
  return new UpstreamError(`yonyou-u8 failed ${doing}: ${describeRefusal(answer)}`, { platformCode: errcodeOf(answer), code: 'UPSTREAM_REJECTED', retryable: false });
}
