import { UpstreamError } from '@datong/sdk';

/** Zoho's error body, and the shape of each refused record in a `data` array: `{code, details, message, status}`. */
export interface ZohoErrorBody {
  code?: string;
  details?: Record<string, unknown>;
  message?: string;
  status?: string;
  data?: unknown[];
}

/** Zoho refused a call (a 4xx other than auth and rate limits); the body says why. */
export class ZohoError extends UpstreamError {
  readonly body: ZohoErrorBody;

  constructor(message: string, status: number, body: ZohoErrorBody) {
    super(message, { status, platformCode: body.code, code: 'UPSTREAM_REJECTED', retryable: false });
    this.body = body;
  }
}

/** The parsed body, or an empty one when Zoho sent none (a 204) or not JSON. */
export function errorBody(text: string): ZohoErrorBody {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ZohoErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * One refusal as a dead letter's reason: Zoho's code, the field it names and its message, e.g.
 * "Zoho INVALID_DATA on Email: invalid data (expected_data_type: email)".
 */
export function describeRefusal(entry: ZohoErrorBody): string {
  const details = entry.details ?? {};
  const field = typeof details.api_name === 'string' ? ` on ${details.api_name}` : '';
  const extra = Object.entries(details)
    .filter(([name]) => name !== 'api_name' && name !== 'json_path' && name !== 'id')
    .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `Zoho ${entry.code ?? 'error'}${field}: ${entry.message ?? 'no message'}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}
