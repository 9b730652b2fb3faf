// Shared by the HTTP kit's tests: a real server on 127.0.0.1 that records what reached it, and a
// plugin context whose logger keeps every line for assertions.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPluginContext, MemoryPluginState, Redactor, type PluginContext } from '../src/index.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The server's own clock, ms. */
  at: number;
}

export interface TestServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a server; the handler answers (or not) each request with its body already read. */
export async function startServer(
  handler: (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>,
): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const req: SeenRequest = {
        method: raw.method ?? 'GET',
        url: raw.url ?? '/',
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      seen.push(req);
      void handler(req, res, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export interface CapturingContext {
  ctx: PluginContext;
  /** Every log line, level first, with its fields as JSON. */
  lines: string[];
  state: MemoryPluginState;
  redactor: Redactor;
  controller: AbortController;
}

/** A real plugin context (createPluginContext) with a logger that keeps its lines. */
export function capturingContext(options: { state?: MemoryPluginState; onLog?: (line: string) => void } = {}): CapturingContext {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    const line = `${level} ${message} ${fields ? JSON.stringify(fields) : ''}`;
    lines.push(line);
    options.onLog?.(line);
  };
  const state = options.state ?? new MemoryPluginState();
  const redactor = new Redactor();
  const controller = new AbortController();
  const ctx = createPluginContext({
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    state,
    redactor,
    signal: controller.signal,
    buckets: new Map(),
  });
  return { ctx, lines, state, redactor, controller };
}
