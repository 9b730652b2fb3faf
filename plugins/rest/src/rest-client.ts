import { ConfigError, UpstreamError, type HttpClient, type HttpResponse, type PluginContext, type ResponseVerdict, type TokenBucket } from '@datong/sdk';
import { describeShape, lookupPath, valueAt } from './record-path.js';
import { RestAuth } from './rest-auth.js';
import type { ResolvedRestConfig, ResolvedStream } from './rest-config.js';

/** One answered page: the response, its parsed body and the records found at recordPath. */
export interface FetchedPage {
  url: URL;
  response: HttpResponse;
  body: unknown;
  records: unknown[];
}

/**
 * One stream's way to the store: the SDK's HTTP client (retries with Retry-After, the shared rate
 * limit, redaction) with the configured auth, and the stream's name in every message, so a 401 or
 * a wrong recordPath says which stream of the pipeline to fix.
 */
export class RestStreamClient {
  private readonly http: HttpClient;
  private readonly auth: RestAuth;
  readonly origin: string;

  constructor(
    private readonly config: ResolvedRestConfig,
    readonly stream: ResolvedStream,
    ctx: PluginContext,
    limiter: TokenBucket | undefined,
  ) {
    this.auth = new RestAuth(config.auth);
    this.origin = new URL(config.baseUrl).origin;
    this.http = ctx.http({
      baseUrl: config.baseUrl,
      platform: `rest stream "${stream.name}"`,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      headers: { accept: 'application/json', ...config.headers },
      ...(limiter === undefined ? {} : { limiter }),
      ...(config.auth.type === 'none' ? {} : { auth: this.auth }),
      classify: (response) => this.classify(response),
    });
  }

  /** The URL of the stream's first page: its path, its fixed query, then `extra` (filter, paging). */
  firstUrl(extra: Record<string, string>): URL {
    const url = new URL(joinPath(this.config.baseUrl, this.stream.path));
    for (const [name, value] of Object.entries({ ...this.stream.query, ...extra })) url.searchParams.set(name, value);
    return url;
  }

  /**
   * A next-page URL the store handed out (a Link header, a `next` field), resolved against the page
   * it came with. One that leaves the store's origin is refused: the credentials would go with it.
   */
  resolveNext(next: string, current: URL): URL {
    const url = new URL(next, current);
    if (url.origin !== this.origin) {
      throw new UpstreamError(`rest stream "${this.stream.name}": the store's next page points to ${url.origin}, outside ${this.origin}; not following it with the credentials`, { code: 'BAD_RESPONSE', retryable: false });
    }
    return url;
  }

  /** GETs one page and finds its records at recordPath. */
  async fetch(url: URL): Promise<FetchedPage> {
    this.auth.pending = [...url.searchParams];
    const response = await this.http.request({ method: 'GET', path: url.toString() });
    const body = response.json<unknown>();
    return { url, response, body, records: this.records(body, response) };
  }

  private records(body: unknown, response: HttpResponse): unknown[] {
    const path = this.stream.recordPath;
    const found = lookupPath(body, path);
    const where = path === '' ? 'the body' : `recordPath "${path}"`;
    const fix = `${this.stream.pointer}/recordPath`;
    if (!found.found) {
      throw new ConfigError([{ pointer: fix, message: `stream "${this.stream.name}": ${where} is not in the answer to ${response.request}: "${found.missing}" is missing (found ${describeShape(found.parent)})` }]);
    }
    if (found.value === null) return [];
    if (!Array.isArray(found.value)) {
      throw new ConfigError([{ pointer: fix, message: `stream "${this.stream.name}": ${where} holds ${describeShape(found.value)}, not an array of records, in the answer to ${response.request}` }]);
    }
    return found.value;
  }

  private classify(response: HttpResponse): ResponseVerdict | undefined {
    const { status } = response;
    if (status >= 200 && status < 300) return this.errorInBody(response);
    if (status !== 401 && status !== 403) return undefined;
    return { error: this.refused(response, status === 401 ? 'AUTH_FAILED' : 'FORBIDDEN', `${status}`) };
  }

  private refused(response: HttpResponse, code: 'AUTH_FAILED' | 'FORBIDDEN', what: string): UpstreamError {
    const excerpt = response.text.replace(/\s+/g, ' ').trim().slice(0, 200);
    const refused = code === 'AUTH_FAILED' ? 'refused the credentials' : 'forbids this credential';
    return new UpstreamError(
      `rest stream "${this.stream.name}": the store ${refused} (${what}) for ${response.request}${excerpt ? `: ${excerpt}` : ''}; ${this.auth.describe()}`,
      { status: response.status, code, retryable: false },
    );
  }

  /** A store that answers errors with HTTP 200 and a code in the body (config errorInBody). */
  private errorInBody(response: HttpResponse): ResponseVerdict | undefined {
    const rule = this.config.errorInBody;
    if (rule === undefined) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return undefined;
    }
    const code = valueAt(body, rule.path);
    if (code === undefined || code === null || rule.success.some((v) => String(v) === String(code))) return undefined;
    const is = (list: (string | number | boolean)[]) => list.some((v) => String(v) === String(code));
    const said = rule.message === undefined ? undefined : valueAt(body, rule.message);
    const reason = `code ${String(code)} in an HTTP ${response.status} answer${typeof said === 'string' ? ` (${said})` : ''}`;
    if (is(rule.auth)) return { error: this.refused(response, 'AUTH_FAILED', `${rule.path} ${String(code)}`) };
    if (is(rule.retry)) return { retry: true, reason };
    return {
      error: new UpstreamError(`rest stream "${this.stream.name}": the store answered ${response.request} with ${reason}`, {
        status: response.status, platformCode: String(code), code: 'UPSTREAM_REJECTED', retryable: false,
      }),
    };
  }
}

function joinPath(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
