// PLACEHOLDER (lead): the HTTP-kit helper replaces this file with the implementation.
import type { Logger } from '../logger.js';
import type { Redactor } from '../redactor.js';
import type { TokenBucket } from './token-bucket.js';
export interface HttpClientOptions { baseUrl: string; platform: string; limiter?: TokenBucket; [k: string]: unknown }
export interface HttpRequest { method?: string; path: string; [k: string]: unknown }
export interface HttpResponse { status: number; headers: Record<string, string>; text: string; json<T = any>(): T; request: string }
export class HttpClient {
  constructor(readonly options: HttpClientOptions, readonly ctx: { logger: Logger; signal: AbortSignal; redactor: Redactor }) {}
  async request(_request: HttpRequest): Promise<HttpResponse> { throw new Error('not implemented'); }
}
