import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SeededRandom } from '../seeded-random.js';
import { BodyTooLarge, headerRecord, parseBody, readBody, send } from './emulator-request.js';
import type { EmulatorRequest, EmulatorResponse, RouteHandler } from './emulator-request.js';
import { CallFaults } from './call-faults.js';
import { BUILT_IN_CONTROLS, CONTROL_PREFIX, controlResponse, type ControlTarget } from './control-endpoints.js';
import { expiryMoment, mergeFaults, type FaultOptions } from './fault-options.js';
import { PageFaults } from './page-faults.js';
import { RouteTable } from './route-table.js';
import { maskBody, maskQuery, maskRecord } from './secret-mask.js';
import { SeedData } from './seed-data.js';

export interface EmulatorKitOptions {
  /** The platform, e.g. 'shopify': shown by the health endpoint. */
  name: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 1. The same seed gives the same data and the same random faults. */
  seed?: number;
  faults?: FaultOptions;
  /** The platform's rate-limit answer (status, headers, body), served by the rateLimitAfter fault. */
  rateLimitResponse: (req: EmulatorRequest) => EmulatorResponse;
  /** The platform's 5xx answer; default 503 {"error":"service unavailable"}. */
  serverErrorResponse?: (req: EmulatorRequest) => EmulatorResponse;
  /** Clock for tests (ms epoch); default Date.now. */
  now?: () => number;
  /** The log keeps the latest this many platform calls; default 10,000. */
  maxLogEntries?: number;
}

/** One platform call as the emulator saw it, credentials masked as "[present]". */
export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** The injected faults this call got, comma-separated: 'rate-limit', '5xx', 'token-expired', 'duplicate-page', 'shift-pages', 'records-changed', or the emulator's own. */
  fault?: string;
  /** headers with auth values replaced by "[present]" */
  headers: Record<string, string>;
  body?: unknown;
  /** The route pattern that answered. */
  route?: string;
  /** A handler's exception message (the call was answered 500). */
  error?: string;
  /** Latency added by the latencyMs fault. */
  latencyMs?: number;
}

function mix(seed: number, salt: number): number {
  return Math.imul((seed >>> 0) ^ salt, 0x9e3779b1) >>> 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * The shared half of every platform emulator: a real HTTP server on 127.0.0.1 that routes
 * platform calls to the emulator's handlers, injects faults in front of them (latency, then
 * rate limit, then a 5xx burst, then random 5xx), keeps a masked log of every call, and serves
 * control endpoints under /_emulator/ that faults never touch.
 *
 * @example
 *   const kit = new EmulatorKit({ name: 'acme', rateLimitResponse: () => ({ status: 429, json: { error: 'slow down' } }) });
 *   kit.route('GET', '/v1/orders/:id', (req) => ({ json: { id: req.params.id } }));
 *   const url = await kit.start();
 */
export class EmulatorKit {
  readonly random: SeededRandom;
  readonly seed: SeedData;
  readonly requests: RequestLogEntry[] = [];

  private readonly options: EmulatorKitOptions;
  private readonly routes = new RouteTable();
  private readonly controls = new Map<string, (body: any) => unknown>();
  private readonly mutateHooks: (() => void | Promise<void>)[] = [];
  private readonly pages = new PageFaults();
  private readonly context = new AsyncLocalStorage<{ tags: string[] }>();
  private current: FaultOptions = {};
  private readonly callFaults: CallFaults;
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(options: EmulatorKitOptions) {
    this.options = options;
    const seed = options.seed ?? 1;
    this.random = new SeededRandom(seed);
    // Separate streams, so an emulator drawing one more random number changes no person and no fault.
    this.seed = new SeedData(new SeededRandom(mix(seed, 0x5eed)));
    this.callFaults = new CallFaults(mix(seed, 0xfa17));
    this.faults = options.faults ?? {};
  }

  /** The faults in force. Assigning replaces them all (validated) and restarts their counters. */
  get faults(): FaultOptions {
    return this.current;
  }

  set faults(faults: FaultOptions) {
    this.current = mergeFaults({}, faults);
    this.callFaults.rearmRateLimit();
    this.pages.rearm({ pages: true, mutate: true });
  }

  /** Merges a patch into the faults (`null` deletes a key) and restarts the counters of the faults it sets; throws an Error naming a bad key or value. */
  setFaults(patch: Record<string, unknown>): FaultOptions {
    this.current = mergeFaults(this.current, patch);
    const touched = (...names: string[]) => names.some((n) => Object.hasOwn(patch, n));
    if (touched('rateLimitAfter', 'rateLimitCalls')) this.callFaults.rearmRateLimit();
    this.pages.rearm({ pages: touched('duplicatePage', 'shiftPages'), mutate: touched('changeAfterPages') });
    return this.current;
  }

  /** Registers a platform route; `:name` segments become params. Faults apply to these. First match wins. */
  route(method: string, pattern: string, handler: RouteHandler): void {
    this.routes.add(method, pattern, handler);
  }

  /** Registers a control action at POST /_emulator/<name> (e.g. 'mutate'); faults don't apply. JSON body in, JSON result out. */
  control(name: string, handler: (body: any) => unknown | Promise<unknown>): void {
    if (BUILT_IN_CONTROLS.has(name)) throw new Error(`control "${name}" is built in`);
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`control name must be letters, digits, - or _: ${name}`);
    this.controls.set(name, handler);
  }

  /** Start listening; resolves with the base URL http://127.0.0.1:<port>. */
  async start(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // A throwing rateLimitResponse or control must not take the emulator down.
        send(res, { status: 500, json: { error: err instanceof Error ? err.message : String(err) } });
      });
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return this.baseUrl;
  }

  get url(): string {
    if (this.baseUrl === undefined) throw new Error(`the ${this.options.name} emulator has not been started`);
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    this.baseUrl = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive sockets from fetch would otherwise hold close() open.
      server.closeAllConnections();
    });
  }

  /** Clears the log and the faults, and resets call counters and the random faults' sequence. */
  reset(): void {
    this.requests.length = 0;
    this.callFaults.reset();
    this.faults = {};
  }

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * Whether a token issued at `issuedAtMs` has expired by the tokenExpiresAt fault: true when the
   * fault is set, the clock has reached it, and the token was issued before it (tokens issued
   * after that moment, by a refresh, are fresh). Tags the current call 'token-expired'.
   */
  tokenExpired(issuedAtMs: number): boolean {
    const at = expiryMoment(this.current);
    const expired = at !== undefined && this.now() >= at && issuedAtMs < at;
    if (expired) this.tag('token-expired');
    return expired;
  }

  /**
   * The items to serve for one page of a listing, with the page faults applied. Call it with the
   * page the emulator computed, `all.slice(start, start + size)`, a listing id stable across the
   * pages of one listing (e.g. 'orders'), and the page's index in it (0 for the first page).
   *
   * - `duplicatePage`: the first time page 1 of a listing is asked for, it answers with page 0's
   *   items again (once per listing, until the fault is set again or reset). Nothing is lost: an
   *   emulator whose next cursor follows the served items is asked for page 1 again and serves it;
   *   a client paging by number that asks for another page next gets page 1's items folded into
   *   it: in front of page 2's going forwards, after page 0's going backwards.
   * - `shiftPages: n`: every page after the first starts n items earlier (n < size), so the last
   *   n items of each page come again at the start of the next: a client must de-duplicate. The
   *   listing's last page runs to the end of `all`, so it may hold up to n items more than size —
   *   the page a platform would add when n items are inserted at the front mid-listing.
   *
   * Pages that start at or past the end of `all` are served as they are (empty), so a client that
   * pages until an empty page stops. Records changing mid-listing is `changeAfterPages`' job.
   */
  pageFaults<T>(listing: string, pageIndex: number, all: T[], start: number, size: number): T[] {
    const window = this.pages.window(this.current, listing, pageIndex, all.length, start, size);
    if (window.fault !== undefined) this.tag(window.fault);
    return all.slice(window.start, window.end);
  }

  /** Emulators call this after serving each page of a listing; fires the 'mutate' hooks once when faults.changeAfterPages is reached. */
  async pageServed(listing: string): Promise<void> {
    if (!this.pages.served(this.current, listing)) return;
    this.tag('records-changed');
    for (const hook of this.mutateHooks) await hook();
  }

  /** A hook that changes records (updates some, adds some), run by changeAfterPages. */
  onMutate(fn: () => void | Promise<void>): void {
    this.mutateHooks.push(fn);
  }

  private controlTarget(): ControlTarget {
    return {
      name: this.options.name,
      requests: this.requests,
      faults: this.current,
      setFaults: (patch) => this.setFaults(patch),
      reset: () => this.reset(),
      controls: this.controls,
    };
  }

  private tag(fault: string): void {
    this.context.getStore()?.tags.push(fault);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now();
    const url = new URL(req.url ?? '/', this.baseUrl ?? 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headerRecord(req);
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      const tooLarge = err instanceof BodyTooLarge;
      send(res, { status: tooLarge ? 413 : 400, json: { error: (err as Error).message } });
      return;
    }
    const request: EmulatorRequest = {
      method, path: url.pathname, url, query: url.searchParams, headers, rawBody: raw,
      body: parseBody(headers['content-type'], raw), params: {},
    };
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      send(res, await controlResponse(this.controlTarget(), request));
      return;
    }
    const store = { tags: [] as string[] };
    const { response, extra } = await this.context.run(store, () => this.handlePlatform(request));
    if (response.fault !== undefined) store.tags.push(response.fault);
    const status = response.status ?? 200;
    const entry: RequestLogEntry = {
      at, method, path: url.pathname, query: maskQuery(url.searchParams), status, headers: maskRecord(headers), ...extra,
    };
    if (store.tags.length > 0) entry.fault = [...new Set(store.tags)].join(',');
    if (request.body !== undefined) entry.body = maskBody(request.body);
    this.log(entry);
    send(res, { ...response, status });
  }

  private async handlePlatform(req: EmulatorRequest): Promise<{ response: EmulatorResponse; extra: Partial<RequestLogEntry> }> {
    const match = this.routes.match(req.method, req.path);
    if (!match.found) {
      if (match.allowed.length > 0) {
        return { response: { status: 405, headers: { allow: [...new Set(match.allowed)].join(', ') }, json: { error: `${req.method} is not allowed on ${req.path}` } }, extra: {} };
      }
      return { response: { status: 404, json: { error: `no route for ${req.method} ${req.path}` } }, extra: {} };
    }
    req.params = match.params;
    const extra: Partial<RequestLogEntry> = { route: match.pattern };
    const faults = this.current;
    if (faults.latencyMs !== undefined && faults.latencyMs > 0) {
      extra.latencyMs = faults.latencyMs;
      await sleep(faults.latencyMs);
    }
    const decision = this.callFaults.decide(this.current);
    this.current = decision.faults;
    if (decision.fault !== undefined) {
      this.tag(decision.fault);
      const response = decision.fault === 'rate-limit'
        ? this.options.rateLimitResponse(req)
        : this.options.serverErrorResponse?.(req) ?? { status: 503, json: { error: 'service unavailable' } };
      return { response, extra };
    }
    try {
      return { response: await match.handler(req), extra };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { response: { status: 500, json: { error: message } }, extra: { ...extra, error: message } };
    }
  }

  private log(entry: RequestLogEntry): void {
    this.requests.push(entry);
    const max = this.options.maxLogEntries ?? 10_000;
    if (this.requests.length > max) this.requests.splice(0, this.requests.length - max);
  }
}
