import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushIntake } from '@datong/core';
import type { Logger } from '@datong/sdk';

export interface WebhookServerOptions {
  logger: Logger;
  /** Called with the stages an accepted push asks to run. */
  onPush(stages: string[], source: string, topic: string | undefined): void;
  /** What `GET /status` answers besides the push counts. */
  status(): Record<string, unknown>;
  /** Pushes larger than this are refused (413); default 5 MB. */
  maxBodyBytes?: number;
}

/**
 * The HTTP side of `datong listen`: `POST /hooks/<source>` hands the raw body and headers to the
 * intake (which has the source's plugin verify the signature) and answers what it says;
 * `GET /status` shows the counts of accepted, rejected and redelivered pushes per source.
 */
export class WebhookServer {
  private server: Server | undefined;

  constructor(
    private readonly intake: PushIntake,
    private readonly options: WebhookServerOptions,
  ) {}

  /** Listens; resolves with the base URL. */
  async start(port: number, host: string): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.logger.error(`listen: ${error instanceof Error ? error.message : String(error)}`);
        reply(res, 500, { error: 'internal error' });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://listen.invalid');
    if (req.method === 'GET' && url.pathname === '/status') {
      reply(res, 200, { ...this.options.status(), pushes: this.intake.tally() });
      return;
    }
    const match = /^\/hooks\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) {
      reply(res, 404, { error: `no such path; pushes go to POST /hooks/<source> (${this.intake.sources().join(', ') || 'no source takes pushes'})` });
      return;
    }
    // GET too: some platforms check a push URL with a signed GET before they push (WeChat's echostr).
    if (req.method !== 'POST' && req.method !== 'GET') {
      res.setHeader('allow', 'POST, GET');
      reply(res, 405, { error: 'pushes are POSTed' });
      return;
    }
    const source = decodeURIComponent(match[1]!);
    const rawBody = await readBody(req, this.options.maxBodyBytes ?? 5 * 1024 * 1024);
    if (rawBody === undefined) {
      reply(res, 413, { error: 'the push is larger than this listener takes' });
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const outcome = this.intake.receive(source, { method: req.method, headers, query: Object.fromEntries(url.searchParams), rawBody });
    if (!outcome.accepted) this.options.logger.warn(`push to /hooks/${source} rejected (${outcome.status}): ${outcome.reason}`);
    else if (outcome.duplicate) this.options.logger.info(`push to /hooks/${source}${outcome.topic ? ` (${outcome.topic})` : ''}: a redelivery, nothing more to run`);
    else {
      this.options.logger.info(`push to /hooks/${source}${outcome.topic ? ` (${outcome.topic})` : ''}: ${outcome.stages.length > 0 ? `runs ${outcome.stages.join(', ')}` : 'no stage reads what it touches'}`);
      if (outcome.stages.length > 0) this.options.onPush(outcome.stages, source, outcome.topic);
    }
    if (outcome.text !== undefined) {
      res.writeHead(outcome.status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(outcome.text) });
      res.end(outcome.text);
    } else reply(res, outcome.status, outcome.json);
  }
}

/** The body's bytes, or undefined past `limit` (the rest is drained, not buffered). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk as Buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, json: unknown): void {
  const body = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
