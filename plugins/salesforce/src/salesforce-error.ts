import { UpstreamError } from '@datong/sdk';

/** One entry of Salesforce's REST error body, a JSON array: `[{"message":"…","errorCode":"…","fields":[…]}]`. */
export interface SalesforceErrorEntry {
  message?: string;
  errorCode?: string;
  fields?: string[];
}

/**
 * Salesforce refused a call (a 4xx other than auth and the request limit): the entries say why.
 * The callers look at `errorCode` to decide what to do.
 */
export class SalesforceError extends UpstreamError {
  readonly entries: SalesforceErrorEntry[];

  constructor(message: string, status: number, entries: SalesforceErrorEntry[]) {
    super(message, { status, platformCode: entries[0]?.errorCode, code: 'UPSTREAM_REJECTED', retryable: false });
    this.entries = entries;
  }
}

/** The error entries of a response body; an empty list when the body is not Salesforce's array. */
export function errorEntries(text: string): SalesforceErrorEntry[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    const list = Array.isArray(parsed) ? parsed : parsed !== null && typeof parsed === 'object' ? [parsed] : [];
    return list.filter((e): e is SalesforceErrorEntry => e !== null && typeof e === 'object');
  } catch {
    return [];
  }
}

/** "INVALID_EMAIL_ADDRESS: Email: invalid email address: x (fields Email)": what a dead letter says. */
export function describeEntries(entries: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[]): string {
  if (entries.length === 0) return 'no error detail';
  return entries
    .map((e) => {
      const fields = e.fields && e.fields.length > 0 ? ` (fields ${e.fields.join(', ')})` : '';
      return `${e.statusCode ?? e.errorCode ?? 'ERROR'}: ${e.message ?? 'no message'}${fields}`;
    })
    .join('; ');
}
