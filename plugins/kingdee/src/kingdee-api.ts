import { UpstreamError, type HttpClient } from '@datong/sdk';
import { describeStatus, responseStatus, succeeded, type ResponseStatus } from './response-status.js';
import { SIGN_PATH_HEADER } from './signature-auth.js';
import type { SinkSettings } from './sink-settings.js';

const STUB = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService';

/** The most rows one ExecuteBillQuery page asks for (the older docs' 2000; newer ones allow 10000). */
export const QUERY_PAGE = 2000;

/** What a BatchSave is told besides its Model array. */
export interface SaveOptions {
  NeedUpDateFields: string[];
  IsDeleteEntry: boolean;
}

/**
 * The K3Cloud WebAPI calls the sink makes, typed: `POST <baseUrl>Kingdee.BOS.WebApi.ServicesStub.
 * DynamicFormService.<Op>.common.kdsvc` with the positional body `{"parameters":[formId, "<data as
 * JSON text>"]}`, as the official Java SDK sends it. Nothing about batching or records.
 */
export class KingdeeApi {
  constructor(
    private readonly http: HttpClient,
    private readonly settings: SinkSettings,
  ) {}

  /**
   * ExecuteBillQuery: the rows of `fieldKeys` (in that order) matching `filter`, every page of
   * them. Answers a bare array of arrays; a failure comes as `[[{Result:{ResponseStatus}}]]`.
   */
  async query(formId: string, fieldKeys: string[], filter: string, orderString = ''): Promise<unknown[][]> {
    const rows: unknown[][] = [];
    for (let start = 0; ; start += QUERY_PAGE) {
      const data = { FormId: formId, FieldKeys: fieldKeys.join(','), FilterString: filter, OrderString: orderString, TopRowCount: 0, StartRow: start, Limit: QUERY_PAGE };
      const body = (await this.call('ExecuteBillQuery', [JSON.stringify(data)])).json<unknown>();
      const status = responseStatus(body);
      if (status || !Array.isArray(body)) throw callError(`querying ${formId}`, status);
      rows.push(...(body as unknown[][]));
      if (body.length < QUERY_PAGE) return rows;
    }
  }

  /** BatchSave: answers the whole ResponseStatus (per-record SuccessEntitys and Errors, by DIndex). */
  async batchSave(formId: string, models: Record<string, unknown>[], options: SaveOptions): Promise<ResponseStatus> {
    const data = { ...options, NeedReturnFields: [], IsVerifyBaseDataField: false, ValidateFlag: true, NumberSearch: true, Model: models };
    const body = (await this.call('BatchSave', [formId, JSON.stringify(data)])).json<unknown>();
    const status = responseStatus(body);
    if (!status) throw callError(`saving ${formId}`, undefined);
    return status;
  }

  /** Delete by numbers: answers the ResponseStatus (an audited bill is refused in Errors). */
  async delete(formId: string, numbers: string[]): Promise<ResponseStatus> {
    const body = (await this.call('Delete', [formId, JSON.stringify({ CreateOrgId: 0, Numbers: numbers, Ids: '' })])).json<unknown>();
    const status = responseStatus(body);
    if (!status) throw callError(`deleting ${formId}`, undefined);
    return status;
  }

  private call(op: string, parameters: unknown[]) {
    const path = `${STUB}.${op}.common.kdsvc`;
    const headers = this.settings.auth === 'signature' ? { [SIGN_PATH_HEADER]: new URL(path, this.settings.baseUrl).pathname } : undefined;
    return this.http.request({ method: 'POST', path, json: { parameters }, headers });
  }
}

/** A call-level failure (not one record's): bad form, bad field, no permission. */
export function callError(what: string, status: ResponseStatus | undefined): UpstreamError {
  const detail = status ? describeStatus(status) : 'an answer that is neither rows nor a ResponseStatus';
  return new UpstreamError(`Kingdee failed ${what} (${detail})`, {
    status: 200,
    platformCode: status?.MsgCode === undefined || status.MsgCode === null ? undefined : String(status.MsgCode),
    code: status?.MsgCode === 2 ? 'FORBIDDEN' : 'UPSTREAM_REJECTED',
    retryable: false,
  });
}

export { succeeded };
