import type { EmulatorRequest } from '@datong/sdk/emulator';

/** A call's arguments: form A `{"parameters":[...]}` (positional) or form B `{"formid","data"}` (named, keys lower-cased). */
export interface CallArgs {
  positional?: unknown[];
  named?: Record<string, unknown>;
}

/**
 * Reads the body whatever Content-Type says (the Java SDK sends the misspelt `applicatin/json`,
 * some clients none): JSON from the raw bytes. `parameters` may itself be JSON text (the legacy
 * envelope `{"format":1,"parameters":...}`).
 */
export function callArgs(req: EmulatorRequest): CallArgs | undefined {
  let body = req.body;
  if (body === undefined) {
    try {
      body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const parameters = typeof record.parameters === 'string' ? tryJson(record.parameters) : record.parameters;
  if (Array.isArray(parameters)) return { positional: parameters };
  return { named: Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v])) };
}

/** The form id and data of Save, BatchSave, Delete, View, Audit: `[formId, data]` or `{formid, data}`; data as an object or JSON text. */
export function formAndData(args: CallArgs): { formId: unknown; data: Record<string, unknown> | undefined } {
  const [formId, data] = args.positional ?? [args.named?.formid, args.named?.data];
  return { formId, data: objectOf(data) };
}

/** ExecuteBillQuery's data: `[data]` or `{data}`. */
export function queryData(args: CallArgs): Record<string, unknown> | undefined {
  return objectOf(args.positional ? args.positional[0] : args.named?.data);
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === 'string' ? tryJson(value) : value;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
