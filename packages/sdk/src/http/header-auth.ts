import type { HttpAuth } from './http-types.js';

/**
 * A fixed credential in headers (a private-app token, an API key): no refresh, so a 401 is a
 * plain, non-retryable error. The client teaches the run's redactor the values of headers whose
 * names look secret, so they never show in a message even when a platform echoes them.
 *
 * @example
 *   ctx.http({ baseUrl, platform: 'hubspot', auth: headerAuth({ Authorization: `Bearer ${config.accessToken}` }) });
 */
export function headerAuth(headers: Record<string, string>): HttpAuth {
  return {
    async apply(request) {
      Object.assign(request.headers, headers);
    },
  };
}
