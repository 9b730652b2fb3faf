import type { HttpClient, HttpRequest, HttpResponse } from '@datong/sdk';
import pLimit from 'p-limit';
import type { ZohoAuth } from './zoho-auth.js';
import { ZohoError, type ZohoErrorBody } from './zoho-error.js';

/** Zoho's most records per upsert, search answer used here, get-by-ids and delete call. */
export const BATCH_SIZE = 100;

/** A record as Zoho returns it: field API names to values, `id` always. */
export type ZohoRow = Record<string, unknown> & { id: string };

/** One entry of an upsert answer, index-aligned with the records sent. */
export interface UpsertEntry extends ZohoErrorBody {
  action?: 'insert' | 'update';
  duplicate_field?: string | null;
}

/** Zoho's most records per page of a list or a search. */
const PER_PAGE = 200;

/**
 * The Zoho CRM REST calls the sink makes, typed. Every call goes to the token's api_domain (or
 * the configured baseUrl) under /crm/{version}, and at most `concurrency` are in flight at once:
 * Zoho refuses calls over its concurrency cap with 429.
 */
export class CrmApi {
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(
    private readonly http: HttpClient,
    private readonly auth: ZohoAuth,
    private readonly options: { baseUrl: string | undefined; apiVersion: string; keyField: string; concurrency: number },
  ) {
    this.limit = pLimit(options.concurrency);
  }

  /** `GET /crm/{v}/org`: proves the token and the CRM scope in one cheap call. */
  async probe(): Promise<void> {
    await this.send({ path: '/org' });
  }

  /**
   * `POST /crm/{v}/{Module}/upsert` with `duplicate_check_fields: [keyField]`, so Zoho updates the
   * record holding the key and inserts otherwise; `trigger: []` runs no workflow. Answers one entry
   * per record, in order. When every record is refused Zoho answers 400 with the same `data` list.
   */
  async upsert(module: string, data: Record<string, unknown>[]): Promise<UpsertEntry[]> {
    const json = { data, duplicate_check_fields: [this.options.keyField], trigger: [] };
    try {
      return (await this.send({ method: 'POST', path: `/${module}/upsert`, json })).json<{ data?: UpsertEntry[] }>().data ?? [];
    } catch (error) {
      if (error instanceof ZohoError && Array.isArray(error.body.data)) return error.body.data as UpsertEntry[];
      throw error;
    }
  }

  /**
   * `GET /crm/{v}/{Module}/search?criteria=((field:in:a,b,c))`: the records whose `field` holds one
   * of `values` (at most 100), with `fields`. Zoho answers 204 with no body when none match.
   */
  async searchIn(module: string, field: string, values: string[], fields: string[]): Promise<ZohoRow[]> {
    const criteria = `((${field}:in:${values.map(escapeCriteria).join(',')}))`;
    const rows: ZohoRow[] = [];
    for (let page = 1; ; page++) {
      const response = await this.send({ path: `/${module}/search`, query: { criteria, fields: fields.join(','), per_page: PER_PAGE, page } });
      const body = parsed(response);
      rows.push(...(body.data ?? []));
      if (!body.info?.more_records) return rows;
    }
  }

  /** `GET /crm/{v}/{Module}?ids=a,b&fields=...`: records by Zoho id (at most 100). */
  async byIds(module: string, ids: string[], fields: string[]): Promise<ZohoRow[]> {
    return parsed(await this.send({ path: `/${module}`, query: { ids: ids.join(','), fields: fields.join(',') } })).data ?? [];
  }

  /** `GET /crm/{v}/{Module}?fields=...&per_page=200&page=n`: one page of the module's records. */
  async list(module: string, fields: string[], page: number): Promise<{ rows: ZohoRow[]; more: boolean }> {
    const body = parsed(await this.send({ path: `/${module}`, query: { fields: fields.join(','), per_page: PER_PAGE, page } }));
    return { rows: body.data ?? [], more: body.info?.more_records === true };
  }

  /** `DELETE /crm/{v}/{Module}?ids=a,b` (at most 100): Zoho moves them to its recycle bin. */
  async delete(module: string, ids: string[]): Promise<UpsertEntry[]> {
    try {
      return parsed(await this.send({ method: 'DELETE', path: `/${module}`, query: { ids: ids.join(',') } })).data ?? [];
    } catch (error) {
      if (error instanceof ZohoError && Array.isArray(error.body.data)) return error.body.data as UpsertEntry[];
      throw error;
    }
  }

  private send(request: HttpRequest): Promise<HttpResponse> {
    return this.limit(async () => {
      const base = this.options.baseUrl ?? (await this.auth.apiDomain());
      return this.http.request({ ...request, path: `${base}/crm/${this.options.apiVersion}${request.path}` });
    });
  }
}

/** A search answer's body; empty for a 204. */
function parsed(response: HttpResponse): { data?: any[]; info?: { more_records?: boolean } } {
  if (response.status === 204 || response.text.trim() === '') return {};
  return response.json();
}

/** Zoho's criteria syntax reserves parentheses and commas inside values: they are escaped with a backslash. */
export function escapeCriteria(value: string): string {
  return value.replace(/[\\(),]/g, (c) => `\\${c}`);
}
