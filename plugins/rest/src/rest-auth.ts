import type { HttpAuth } from '@datong/sdk';
import { signQuery } from './hmac-signature.js';
import type { ResolvedAuth } from './rest-config.js';

/**
 * An `HttpAuth` for the configured auth type. The HMAC kind signs the request's whole query,
 * which the HTTP kit does not hand to `apply`: the caller sets `pending` to the query it is about
 * to send (one request at a time per instance), and every attempt, retries included, is signed
 * afresh with a new timestamp.
 */
export class RestAuth implements HttpAuth {
  /** The query parameters of the request about to be sent (HMAC only). */
  pending: [string, string][] = [];

  constructor(
    private readonly auth: ResolvedAuth,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The secret values this auth sends, for the run's redactor. */
  static secrets(auth: ResolvedAuth): string[] {
    switch (auth.type) {
      case 'none':
        return [];
      case 'bearer':
        return [auth.token];
      case 'basic':
        return [auth.password, basicValue(auth.username, auth.password)];
      case 'apiKey':
        return [auth.value];
      case 'hmac':
        return [auth.secret];
    }
  }

  /** What a refusal should tell the user to check. */
  describe(): string {
    const a = this.auth;
    switch (a.type) {
      case 'none':
        return 'the store asks for credentials but auth is none: set auth';
      case 'bearer':
        return 'check auth.token (bearer), or renew it if it expired';
      case 'basic':
        return 'check auth.username and auth.password (basic)';
      case 'apiKey':
        return `check auth.value (apiKey in ${a.in} ${a.name})`;
      case 'hmac':
        return 'check auth.secret (hmac), the signing settings and this machine\'s clock';
    }
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    const a = this.auth;
    switch (a.type) {
      case 'none':
        return;
      case 'bearer':
        request.headers.authorization = `Bearer ${a.token}`;
        return;
      case 'basic':
        request.headers.authorization = `Basic ${basicValue(a.username, a.password)}`;
        return;
      case 'apiKey':
        if (a.in === 'query') request.query[a.name] = a.value;
        else request.headers[a.name] = a.value;
        return;
      case 'hmac': {
        const added: Record<string, string> = { [a.timestampParam]: String(Math.floor(this.clock() / 1000)) };
        if (a.keyId !== undefined) added[a.keyIdParam] = a.keyId;
        const params = this.pending.filter(([name]) => !(name in added));
        params.push(...Object.entries(added));
        Object.assign(request.query, added);
        request.headers[a.header] = signQuery(params, a);
        return;
      }
    }
  }
}

function basicValue(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}
