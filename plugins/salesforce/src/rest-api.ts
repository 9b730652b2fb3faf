import type { SalesforceApi } from './salesforce-api.js';

/** Salesforce's most records per sObject Collections call (upsert, delete). */
export const COLLECTION_SIZE = 200;

/** One record's outcome in an sObject Collections answer, in input order. */
export interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: { statusCode?: string; message?: string; fields?: string[] }[];
}

/** A record a SOQL query returns: its fields, relationship fields as nested objects (or null). */
export type QueriedRecord = Record<string, unknown> & { Id?: string };

/** The REST calls the sink makes, typed; nothing about batching or retries. */
export class RestApi {
  constructor(readonly api: SalesforceApi) {}

  /** `GET /limits`: a cheap call that proves the session (and reports the org's allowances). */
  async limits(): Promise<Record<string, { Max?: number; Remaining?: number }>> {
    return (await this.api.request({ path: '/limits' })).json();
  }

  /**
   * `PATCH /composite/sobjects/{SObject}/{ExtIdField}` with allOrNone false: up to 200 records of
   * one type upserted by their external id, answered 200 with one result per record in input
   * order, the refused ones included.
   */
  async upsert(sobject: string, externalIdField: string, records: Record<string, unknown>[]): Promise<SaveResult[]> {
    const json = { allOrNone: false, records: records.map((r) => ({ attributes: { type: sobject }, ...r })) };
    return (await this.api.request({ method: 'PATCH', path: `/composite/sobjects/${sobject}/${externalIdField}`, json })).json<SaveResult[]>();
  }

  /** Every record a SOQL query finds, following `nextRecordsUrl` page by page. */
  async *query(soql: string): AsyncIterable<QueriedRecord[]> {
    let page = (await this.api.request({ path: '/query', query: { q: soql } })).json<QueryPage>();
    for (;;) {
      yield page.records ?? [];
      if (page.done !== false || !page.nextRecordsUrl) return;
      page = (await this.api.requestAbsolutePath(page.nextRecordsUrl)).json<QueryPage>();
    }
  }

  /** `DELETE /composite/sobjects?ids=…&allOrNone=false`: up to 200 records by Id, into the Recycle Bin. */
  async delete(ids: string[]): Promise<SaveResult[]> {
    return (await this.api.request({ method: 'DELETE', path: '/composite/sobjects', query: { ids: ids.join(','), allOrNone: false } })).json<SaveResult[]>();
  }
}

interface QueryPage {
  totalSize?: number;
  done?: boolean;
  nextRecordsUrl?: string;
  records?: QueriedRecord[];
}
