/**
 * The target of `rel="next"` in an RFC 8288 (formerly RFC 5988) Link header, or undefined.
 * Handles several links in one header, quoted or bare rel values and rel lists (`rel="next last"`).
 *
 * @example
 *   nextLink('<https://api.example.com/items?page=2>; rel="next", <…?page=9>; rel="last"') // 'https://api.example.com/items?page=2'
 */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined;
  // Each link-value runs from its <target> to the next one; its parameters are `; name[=value]`.
  for (const match of header.matchAll(/<([^>]*)>((?:"[^"]*"|[^<"])*)/g)) {
    const params = match[2] ?? '';
    for (const param of params.matchAll(/;\s*([^=;,\s]+)\s*(?:=\s*(?:"([^"]*)"|([^;,\s]*)))?/g)) {
      if ((param[1] ?? '').toLowerCase() !== 'rel') continue;
      const rels = (param[2] ?? param[3] ?? '').trim().toLowerCase().split(/\s+/);
      if (rels.includes('next')) return match[1];
    }
  }
  return undefined;
}
