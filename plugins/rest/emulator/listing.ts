import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';

export type PagingStyle = 'page' | 'offset' | 'cursor' | 'link' | 'nextUrl';
export const PAGING_STYLES: readonly PagingStyle[] = ['page', 'offset', 'cursor', 'link', 'nextUrl'];

/** How a listing is served. */
export interface ListingOptions {
  kit: EmulatorKit;
  /** 'orders' or 'members': names the listing for the page faults. */
  resource: string;
  style: PagingStyle;
  maxPageSize: number;
  defaultPageSize: number;
  /** Its answers' Date header (the store's clock). */
  date: string;
  /** Query parameters that carry credentials: never copied into the links the store hands out. */
  privateParams: ReadonlySet<string>;
}

const bad = (message: string): EmulatorResponse => ({ status: 400, json: { code: 40001, message } });

interface Token {
  after: string;
  page: number;
}

/**
 * Serves one page of `all` (filtered, sorted by id ascending) in the listing's paging style, the
 * kit's page faults applied:
 * - page: `?page=1&per_page=20` → `{code:0, data:{items, page, per_page, total}}`
 * - offset: `?offset=0&limit=20` → `{code:0, data:{items, offset, limit, total}}`
 * - cursor: `?limit=20&cursor=…` → `{code:0, data:{items}, meta:{next_cursor}}` (null at the end)
 * - link: `?page=1&per_page=20` → the bare array, `Link: <…>; rel="next"` while there is more
 * - nextUrl: `?limit=20&page_token=…` → `{code:0, data:{items}, links:{next}}` (a relative URL, null at the end)
 */
export async function serveListing<T>(req: EmulatorRequest, all: T[], idOf: (item: T) => string, o: ListingOptions): Promise<EmulatorResponse> {
  const q = req.query;
  const sizeName = o.style === 'page' || o.style === 'link' ? 'per_page' : 'limit';
  const size = q.has(sizeName) ? Number(q.get(sizeName)) : o.defaultPageSize;
  if (!Number.isInteger(size) || size < 1 || size > o.maxPageSize) return bad(`${sizeName} must be an integer from 1 to ${o.maxPageSize}`);
  const listing = `${o.resource}|${o.style}|${q.get('updated_since') ?? ''}`;
  const headers: Record<string, string> = { date: o.date };
  let response: EmulatorResponse;
  if (o.style === 'page' || o.style === 'link' || o.style === 'offset') {
    let start: number;
    let pageIndex: number;
    if (o.style === 'offset') {
      start = q.has('offset') ? Number(q.get('offset')) : 0;
      if (!Number.isInteger(start) || start < 0) return bad('offset must be an integer >= 0');
      pageIndex = Math.floor(start / size);
    } else {
      const page = q.has('page') ? Number(q.get('page')) : 1;
      if (!Number.isInteger(page) || page < 1) return bad('page must be an integer >= 1');
      start = (page - 1) * size;
      pageIndex = page - 1;
    }
    const items = o.kit.pageFaults(listing, pageIndex, all, start, size);
    if (o.style === 'page') response = { headers, json: { code: 0, data: { items, page: pageIndex + 1, per_page: size, total: all.length } } };
    else if (o.style === 'offset') response = { headers, json: { code: 0, data: { items, offset: start, limit: size, total: all.length } } };
    else {
      if (start + size < all.length) {
        const next = new URL(req.url);
        next.searchParams.set('page', String(pageIndex + 2));
        next.searchParams.set('per_page', String(size));
        headers.link = `<${publicUrl(next, o.privateParams)}>; rel="next", <${req.url.origin}${req.url.pathname}?per_page=${size}&page=${Math.ceil(all.length / size)}>; rel="last"`;
      }
      response = { headers, json: items };
    }
  } else {
    const tokenName = o.style === 'cursor' ? 'cursor' : 'page_token';
    let token: Token = { after: '', page: 0 };
    const raw = q.get(tokenName);
    if (raw) {
      try {
        token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Token;
      } catch {
        return bad(`${tokenName} is not one this store issued`);
      }
    }
    const start = token.after === '' ? 0 : all.findIndex((item) => idOf(item) > token.after);
    const from = start < 0 ? all.length : start;
    const items = o.kit.pageFaults(listing, token.page, all, from, size);
    const last = items[items.length - 1];
    const more = last !== undefined && all.findIndex((item) => idOf(item) === idOf(last)) < all.length - 1;
    const nextToken = more ? Buffer.from(JSON.stringify({ after: idOf(last), page: token.page + 1 })).toString('base64url') : null;
    if (o.style === 'cursor') response = { headers, json: { code: 0, data: { items }, meta: { next_cursor: nextToken } } };
    else {
      let next: string | null = null;
      if (nextToken) {
        const url = new URL(req.url);
        url.searchParams.set('page_token', nextToken);
        url.searchParams.set('limit', String(size));
        next = `${url.pathname}?${publicQuery(url, o.privateParams)}`;
      }
      response = { headers, json: { code: 0, data: { items }, links: { next } } };
    }
  }
  await o.kit.pageServed(listing);
  return response;
}

function publicQuery(url: URL, hidden: ReadonlySet<string>): string {
  const out = new URLSearchParams();
  for (const [name, value] of url.searchParams) if (!hidden.has(name)) out.append(name, value);
  return out.toString();
}

function publicUrl(url: URL, hidden: ReadonlySet<string>): string {
  return `${url.origin}${url.pathname}?${publicQuery(url, hidden)}`;
}
