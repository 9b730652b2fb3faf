import type { EmulatorResponse } from '@datong/sdk/emulator';

/** How the emulator answers errors: with their HTTP status, or (a security plugin's habit) inside a 200. */
export interface ErrorStyle {
  errorsIn200: boolean;
}

/** A WordPress REST error: `{"code","message","data":{"status"}}` with that HTTP status (or 200, see ErrorStyle). */
export function wpError(style: ErrorStyle, status: number, code: string, message: string, extra: Record<string, unknown> = {}): EmulatorResponse {
  return { status: style.errorsIn200 ? 200 : status, json: { code, message, data: { status, ...extra } } };
}

/** WordPress's answer to a bad query parameter. */
export function invalidParam(style: ErrorStyle, name: string, why: string): EmulatorResponse {
  return wpError(style, 400, 'rest_invalid_param', `Invalid parameter(s): ${name}`, { params: { [name]: why }, details: { [name]: { code: 'rest_invalid_param', message: why, data: null } } });
}
