import { UpstreamError } from '@datong/sdk';

/** Xiaoshouyi's answer body: `{ code: "200", msg: "OK", data: ... }`; any other code is a refusal. */
export interface XiaoshouyiBody {
  code?: string | number;
  msg?: string;
  data?: unknown;
}

/**
 * Xiaoshouyi refused a call (a field it will not take, a record it does not have): not retryable.
 * `platformCode` is the body's `code`; the message quotes the body's `msg`, which names the field.
 */
export class XiaoshouyiError extends UpstreamError {
  constructor(
    readonly httpStatus: number,
    readonly body: XiaoshouyiBody,
    request: string,
  ) {
    super(`Xiaoshouyi ${body.code ?? `HTTP ${httpStatus}`}: ${body.msg ?? 'no message'} (${request})`, {
      status: httpStatus,
      platformCode: body.code === undefined ? undefined : String(body.code),
      code: 'UPSTREAM_REJECTED',
      retryable: false,
    });
  }

  /** What a refused record's result says: the platform's code and message, which names the field. */
  get refusal(): string {
    return `Xiaoshouyi ${this.body.code ?? `HTTP ${this.httpStatus}`}: ${this.body.msg ?? 'no message'}`;
  }
}

/** The parsed body when it is a JSON object, else an empty one. */
export function bodyOf(text: string): XiaoshouyiBody {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as XiaoshouyiBody) : {};
  } catch {
    return {};
  }
}
