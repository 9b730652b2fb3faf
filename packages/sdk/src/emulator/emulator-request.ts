import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request as a route handler sees it: parsed, with the raw bytes kept (for signatures over the body). */
export interface EmulatorRequest {
  method: string;
  path: string;
  url: URL;
  query: URLSearchParams;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rawBody: Buffer;
  /** Parsed JSON (content-type …json) or form object (x-www-form-urlencoded, last value of a repeated name wins), else undefined — also when JSON does not parse: look at rawBody. */
  body: unknown;
  /** Route params: `/orders/:id.json` matched by `/orders/42.json` gives `{ id: '42' }`. */
  params: Record<string, string>;
}

/** What a handler answers. `json` wins over `text`; a content-type header given here wins over the default. */
export interface EmulatorResponse {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  /** A fault this response stands for (e.g. 'token-expired'), recorded in the request log. */
  fault?: string;
}

export type RouteHandler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** Bodies above this are refused (413): an emulator has no business with bigger ones. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** JSON or form bodies become an object; anything else stays undefined. */
export function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0 || contentType === undefined) return undefined;
  const type = contentType.toLowerCase();
  const text = raw.toString('utf8');
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return undefined;
}

/** Writes a handler's answer: JSON or text with their content types unless the handler set one. */
export function send(res: ServerResponse, response: EmulatorResponse): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
  let body: string | undefined;
  if (response.json !== undefined) {
    body = JSON.stringify(response.json);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  } else if (response.text !== undefined) {
    body = response.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  if (res.destroyed) return;
  res.writeHead(response.status ?? 200, headers);
  res.end(body);
}
