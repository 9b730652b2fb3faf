import { UpstreamError, type HttpClient } from '@datong/sdk';
import type { YonbipHttp } from './yonbip-http.js';

/** YonBIP's answer envelope: `code` "200" (or 200) on success, else a code and a message. */
export interface Envelope<T = unknown> {
  code?: string | number;
  message?: string;
  data?: T;
}

/** A merchant row as newlist answers it (the part the sink reads). */
export interface MerchantRow {
  id: string | number;
  code: string;
  pubts?: string;
  stopstatus?: boolean;
}

/** A sales-order list row: one per order line, the header repeated on each. */
export interface OrderRow extends Record<string, unknown> {
  id: string | number;
  code: string;
  pubts?: string;
  orderDetailId?: string | number;
  lineno?: number;
}

interface Page<T> {
  pageIndex?: number;
  pageSize?: number;
  recordCount?: number;
  recordList?: T[];
}

const MERCHANT = '/yonbip/digitalModel/merchant';
const ORDER = '/yonbip/sd/voucherorder';
/** Rows per list page when looking one code up (an order's rows are its lines). */
const LOOKUP_PAGE = 100;

export const isOk = (envelope: Envelope): boolean => String(envelope.code) === '200';

/** The YonBIP calls the sink makes, typed; business outcomes are returned, not thrown. */
export class YonbipApi {
  constructor(private readonly http: YonbipHttp) {}

  /** Gets a token (and discovers the gateway): proves appKey and appSecret with one cheap call. */
  async probe(): Promise<void> {
    await this.http.auth.refresh(undefined);
  }

  /** POST merchant/newlist filtered by code: the merchant holding this code, if any. */
  async merchantByCode(code: string): Promise<MerchantRow | undefined> {
    const rows = await this.list<MerchantRow>(this.http.clients.other, `${MERCHANT}/newlist`, { code }, 'looking up customer');
    return rows.find((row) => row.code === code);
  }

  /** POST merchant/newlist filtered by id: the merchant with this id (an order's agentId), if any. */
  async merchantById(id: string | number): Promise<MerchantRow | undefined> {
    const rows = await this.list<MerchantRow>(this.http.clients.other, `${MERCHANT}/newlist`, { id }, 'looking up customer');
    return rows.find((row) => String(row.id) === String(id));
  }

  /** GET merchant/detail?id=: the whole merchant, contacts and defines included. */
  async merchantDetail(id: string | number): Promise<Record<string, unknown> | undefined> {
    const body = await this.send<Record<string, unknown>>(this.http.clients.other, 'GET', `${MERCHANT}/detail`, undefined, { id: String(id) });
    if (!isOk(body)) throw failed('reading customer', body);
    return body.data ?? undefined;
  }

  /** POST merchant/idempotent/newinsert: creates one merchant, idempotent by data.resubmitCheckKey. */
  merchantInsert(data: Record<string, unknown>): Promise<Envelope> {
    return this.send(this.http.clients.other, 'POST', `${MERCHANT}/idempotent/newinsert`, { data });
  }

  /** POST merchant/save with _status "Update" and id: overwrites the given fields of one merchant. */
  merchantSave(data: Record<string, unknown>): Promise<Envelope> {
    return this.send(this.http.clients.other, 'POST', `${MERCHANT}/save`, { data });
  }

  /** POST merchant/stop: stops (停用) merchants in the organisation. */
  async merchantStop(codes: string[], orgCode: string): Promise<void> {
    const body = await this.send(this.http.clients.other, 'POST', `${MERCHANT}/stop`, { data: codes.map((merchantCode) => ({ merchantCode, orgCode })) });
    if (!isOk(body)) throw failed('stopping customers', body);
  }

  /** POST voucherorder/list filtered by code: the order's rows (one per line), empty when YonBIP has none. */
  async orderRows(code: string): Promise<OrderRow[]> {
    const rows = await this.list<OrderRow>(this.http.clients.orderList, `${ORDER}/list`, { code }, 'looking up sales order');
    return rows.filter((row) => row.code === code);
  }

  /** POST voucherorder/singleSave: one order, Insert or Update, idempotent by data.resubmitCheckKey. */
  orderSave(data: Record<string, unknown>): Promise<Envelope> {
    return this.send(this.http.clients.orderSave, 'POST', `${ORDER}/singleSave`, { data });
  }

  /** POST voucherorder/batchdelete (UNCONFIRMED path): deletes unaudited orders by id. */
  async orderDelete(ids: (string | number)[]): Promise<void> {
    const body = await this.send(this.http.clients.other, 'POST', `${ORDER}/batchdelete`, { data: ids.map((id) => ({ id })) });
    if (!isOk(body)) throw failed('deleting sales orders', body);
  }

  /** Every row a filtered list holds, page by page. */
  private async list<T>(client: HttpClient, path: string, filter: Record<string, unknown>, what: string): Promise<T[]> {
    const rows: T[] = [];
    for (let pageIndex = 1; ; pageIndex++) {
      const body = await this.send<Page<T>>(client, 'POST', path, { pageIndex, pageSize: LOOKUP_PAGE, ...filter });
      if (!isOk(body)) throw failed(what, body);
      const page = body.data?.recordList ?? [];
      rows.push(...page);
      const total = body.data?.recordCount ?? 0;
      if (page.length < LOOKUP_PAGE || rows.length >= total) return rows;
    }
  }

  private async send<T>(client: HttpClient, method: 'GET' | 'POST', path: string, json?: unknown, query?: Record<string, string>): Promise<Envelope<T>> {
    const { gatewayUrl } = await this.http.auth.gateway();
    const response = await client.request({ method, path: `${gatewayUrl}${path}`, json, query });
    return response.json<Envelope<T>>();
  }
}

function failed(what: string, body: Envelope): UpstreamError {
  return new UpstreamError(`YonBIP refused ${what} (${String(body.code)}: ${body.message ?? 'no message'})`, { platformCode: String(body.code), code: 'UPSTREAM_REJECTED', retryable: false });
}
