/** A WordPress REST error body: `{"code":"rest_invalid_param","message":"...","data":{"status":400,"params":{...}}}`. */
export interface WpError {
  code: string;
  message?: string;
  data?: { status?: number; params?: Record<string, string> } | null;
}

/**
 * The JSON of a WooCommerce answer. A store running with PHP's display_errors on prints notices
 * and warnings (`<br />\n<b>Notice</b>: ... on line <b>12</b><br />`) in front of the JSON in the
 * same 200 answer; the JSON after them is the real answer. Returns undefined when no JSON is found
 * (an HTML page: a caching or security plugin, or a storeUrl that is not a WordPress site).
 */
export function parseWooBody(text: string): { value: unknown; junk: boolean } | undefined {
  try {
    return { value: JSON.parse(text) as unknown, junk: false };
  } catch {
    // Try the text after each line break or tag end that is followed by JSON's first character.
    const starts = [...text.matchAll(/(?:^|[\n>])\s*(?=[[{])/g)].slice(0, 50);
    for (const match of starts) {
      const from = (match.index ?? 0) + match[0].length;
      try {
        return { value: JSON.parse(text.slice(from)) as unknown, junk: true };
      } catch {
        // not JSON from here: try the next candidate
      }
    }
    return undefined;
  }
}

/** The body as a WordPress REST error, when it is one. */
export function wpError(value: unknown): WpError | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const body = value as Record<string, unknown>;
  if (typeof body.code !== 'string' || !('message' in body)) return undefined;
  return body as unknown as WpError;
}
