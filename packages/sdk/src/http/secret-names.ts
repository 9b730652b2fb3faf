import type { Redactor } from '../redactor.js';

// Names whose value is a credential wherever they appear: headers, query params, form fields.
const SECRET_PARTS = ['token', 'secret', 'password', 'passwd', 'authorization', 'signature', 'apikey', 'api_key', 'api-key', 'credential', 'cookie'];
// Names that are secret only on their own: `code` (an OAuth code) but not `country_code`;
// `session` (the TOP gateways' access token) but not `session_id`; `sign` but not `sign_method`.
const SECRET_NAMES = new Set(['code', 'session', 'sign', 'key', 'auth', 'x-auth']);

/** Does a header, query parameter or form field of this name carry a secret? */
export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_NAMES.has(lower) || SECRET_PARTS.some((part) => lower.includes(part));
}

/**
 * `METHOD url` for messages and logs: query values whose names look secret become `[redacted]`,
 * a password in the URL too, and every secret the redactor knows is replaced wherever it appears.
 */
export function describeRequest(method: string, url: URL, redactor: Redactor): string {
  const base = `${url.protocol}//${url.username ? `${url.username}${url.password ? ':[redacted]' : ''}@` : ''}${url.host}${url.pathname}`;
  const pairs: string[] = [];
  for (const [name, value] of url.searchParams) {
    pairs.push(`${encodeURIComponent(name)}=${isSecretName(name) ? '[redacted]' : encodeURIComponent(value)}`);
  }
  return redactor.text(`${method} ${base}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`);
}

/**
 * Teaches the redactor the credential values a request carries in headers or a form (an auth
 * header, a token-endpoint form), so they stay hidden even when a platform echoes them in an error
 * body. Signatures are left out: they change with every request and reveal no credential, and
 * learning each one would grow the redactor without bound.
 */
export function learnSecrets(fields: Record<string, string>, redactor: Redactor): void {
  for (const [name, value] of Object.entries(fields)) {
    if (!isSecretName(name) || /sign/i.test(name)) continue;
    redactor.add(value);
    // "Bearer abc…" / "Zoho-oauthtoken abc…": the credential alone may be echoed too.
    const space = value.indexOf(' ');
    if (space > 0) redactor.add(value.slice(space + 1).trim());
  }
}

/**
 * The run's redactor plus this request's own secret-named query values (a signature, a token in
 * the query), which a platform may echo in its error body: hidden in this request's messages
 * without being learnt for the whole run.
 */
export function requestRedaction(redactor: Redactor, url: URL): (text: string) => string {
  const values = [...url.searchParams].filter(([name, value]) => isSecretName(name) && value.length >= 4).map(([, value]) => value);
  return (text) => {
    let out = redactor.text(text);
    for (const value of values) {
      for (const form of new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)])) {
        if (out.includes(form)) out = out.split(form).join('[redacted]');
      }
    }
    return out;
  };
}
