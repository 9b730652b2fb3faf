import type { HttpClient } from '@datong/sdk';
import type { XiaoshouyiBody } from './xiaoshouyi-error.js';

/** The REST v2.0 data API's prefix. */
const DATA = '/rest/data/v2.0';

/** One record as Xiaoshouyi holds it: field API keys to values, with its `id`. */
export type XRecord = Record<string, unknown> & { id?: unknown };

/**
 * The Xiaoshouyi REST v2.0 calls the sink makes, typed; nothing about batching or retries. The
 * HTTP client classifies every answer (see classify-response), so a call here resolves only with
 * a success body.
 */
export class XobjectApi {
  constructor(private readonly http: HttpClient) {}

  /** `GET /xobjects/{object}/description`: one cheap call that needs a live token. */
  async describe(object: string): Promise<void> {
    await this.http.request({ path: `${DATA}/xobjects/${object}/description` });
  }

  /** `POST /xobjects/{object}` with `{data: {...}}`; answers the new record's id. */
  async create(object: string, data: Record<string, unknown>): Promise<string> {
    const body = (await this.http.request({ method: 'POST', path: `${DATA}/xobjects/${object}`, json: { data }, notIdempotent: true })).json<XiaoshouyiBody>();
    const id = (body.data as { id?: unknown } | undefined)?.id;
    if (id === undefined || id === null) throw new Error(`Xiaoshouyi created a ${object} but answered no id: ${JSON.stringify(body).slice(0, 200)}`);
    return String(id);
  }

  /** `PATCH /xobjects/{object}/{id}` with `{data: {...}}`: sets these fields (null clears one). */
  async update(object: string, id: string, data: Record<string, unknown>): Promise<void> {
    await this.http.request({ method: 'PATCH', path: `${DATA}/xobjects/${object}/${encodeURIComponent(id)}`, json: { data } });
  }

  /** `DELETE /xobjects/{object}/{id}`. */
  async remove(object: string, id: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `${DATA}/xobjects/${object}/${encodeURIComponent(id)}` });
  }

  /** `POST /query/xoql` with the form field `xoql`: the records of `data.records`. */
  async query(xoql: string): Promise<XRecord[]> {
    const body = (await this.http.request({ method: 'POST', path: `${DATA}/query/xoql`, form: { xoql } })).json<XiaoshouyiBody>();
    const records = (body.data as { records?: unknown } | undefined)?.records;
    return Array.isArray(records) ? (records as XRecord[]) : [];
  }
}
