import type { EmulatorResponse } from '@datong/sdk/emulator';

let requests = 0;

/** TOP's request_id: unique per answer. */
export function requestId(): string {
  requests += 1;
  return `emu${Date.now().toString(36)}${requests.toString(36)}`;
}

/**
 * TOP's error envelope: HTTP 200 with `error_response` (platforms.md §2). Codes used here: 7 flow
 * control, 15 remote service error (isv.* sub_codes), 22 invalid method, 25 invalid signature
 * (UNCONFIRMED number), 27 invalid session, 29 invalid app key, 31 invalid timestamp, 40 missing
 * arguments (numbers other than 7, 15 and 27 from general knowledge: UNCONFIRMED).
 */
export function topError(code: number, msg: string, sub?: { sub_code?: string; sub_msg?: string }, fault?: string): EmulatorResponse {
  return { status: 200, json: { error_response: { code, msg, ...sub, request_id: requestId() } }, fault };
}

/** A successful answer wrapped as TOP does: `{"<api>_response": {..., "request_id"}}`. */
export function topAnswer(method: string, body: Record<string, unknown>): EmulatorResponse {
  const key = `${method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
  return { status: 200, json: { [key]: { ...body, request_id: requestId() } } };
}

/** The flow-control ban: code 7 with the seconds left in sub_msg. */
export function banAnswer(seconds: number): EmulatorResponse {
  return topError(7, 'App Call Limited', {
    sub_code: 'accesscontrol.limited-by-app-access-count',
    sub_msg: `This ban will last for ${seconds} more seconds`,
  }, 'rate-limit');
}

/** A bad business parameter (shape UNCONFIRMED: code 15 with isv.invalid-parameter). */
export function invalidParameter(message: string): EmulatorResponse {
  return topError(15, 'Remote service error', { sub_code: 'isv.invalid-parameter', sub_msg: message });
}
