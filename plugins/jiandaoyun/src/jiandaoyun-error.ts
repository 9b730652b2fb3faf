import { UpstreamError } from '@datong/sdk';

/** A refusal by Jiandaoyun: its `code` and `msg`, for the caller to decide (bisect, skip, report). */
export class JiandaoyunError extends UpstreamError {
  constructor(
    message: string,
    status: number,
    readonly body: { code?: number; msg?: string },
  ) {
    super(message, { status, platformCode: body.code === undefined ? undefined : String(body.code), code: 'UPSTREAM_REJECTED', retryable: false });
  }
}

/** `{ code, msg }` from an error body, or empty when it is not JSON. */
export function errorBody(text: string): { code?: number; msg?: string } {
  try {
    const body = JSON.parse(text) as { code?: unknown; msg?: unknown; message?: unknown };
    return {
      code: typeof body.code === 'number' ? body.code : typeof body.code === 'string' && /^\d+$/.test(body.code) ? Number(body.code) : undefined,
      msg: typeof body.msg === 'string' ? body.msg : typeof body.message === 'string' ? body.message : undefined,
    };
  } catch {
    return {};
  }
}
