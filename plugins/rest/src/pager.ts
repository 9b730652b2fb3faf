import { UpstreamError } from '@datong/sdk';
import { nextLink } from './link-header.js';
import { valueAt } from './record-path.js';
import type { ResolvedPagination } from './rest-config.js';
import type { FetchedPage, RestStreamClient } from './rest-client.js';

/** One page of a listing and whether it was the last. */
export interface ListedPage {
  records: unknown[];
  index: number;
  last: boolean;
  /** The page's `Date` header, ms epoch, when the store sent one. */
  date?: number;
}

/**
 * Walks a stream's listing page by page in the configured style: `page` and `offset` count until a
 * page comes back short; `cursor`, `link` and `nextUrl` follow what the store hands out until it
 * hands out nothing. A store that hands out the same next page again, or more than maxPages, fails
 * the read instead of looping.
 */
export async function* listPages(client: RestStreamClient, filter: Record<string, string>): AsyncGenerator<ListedPage> {
  const p = client.stream.pagination;
  let url = client.firstUrl({ ...filter, ...firstParams(p) });
  const maxPages = p.type === 'none' ? 1 : p.maxPages;
  for (let index = 0; ; index++) {
    if (index >= maxPages) {
      throw new UpstreamError(`rest stream "${client.stream.name}": still paging after ${maxPages} pages (pagination.maxPages); is the next page advancing?`, { code: 'PAGING_LOOP', retryable: false });
    }
    const page = await client.fetch(url);
    const next = nextUrl(client, p, page);
    if (next !== undefined && next.toString() === url.toString()) {
      throw new UpstreamError(`rest stream "${client.stream.name}": the store gave the page it was asked for as the next page (${p.type} pagination): the listing would never end`, { code: 'PAGING_LOOP', retryable: false });
    }
    const date = Date.parse(page.response.headers.date ?? '');
    yield { records: page.records, index, last: next === undefined, ...(Number.isNaN(date) ? {} : { date }) };
    if (next === undefined) return;
    url = next;
  }
}

function firstParams(p: ResolvedPagination): Record<string, string> {
  switch (p.type) {
    case 'none':
      return {};
    case 'page':
      return { [p.param]: String(p.start), ...(p.sizeParam ? { [p.sizeParam]: String(p.size) } : {}) };
    case 'offset':
      return { [p.param]: '0', [p.limitParam]: String(p.limit) };
    case 'cursor':
    case 'link':
    case 'nextUrl':
      return p.sizeParam ? { [p.sizeParam]: String(p.size) } : {};
  }
}

function nextUrl(client: RestStreamClient, p: ResolvedPagination, page: FetchedPage): URL | undefined {
  const count = page.records.length;
  switch (p.type) {
    case 'none':
      return undefined;
    case 'page': {
      if (count === 0 || count < p.size) return undefined;
      const url = new URL(page.url);
      const current = Number(url.searchParams.get(p.param) ?? p.start);
      url.searchParams.set(p.param, String(current + 1));
      return url;
    }
    case 'offset': {
      if (count === 0 || count < p.limit) return undefined;
      const url = new URL(page.url);
      const current = Number(url.searchParams.get(p.param) ?? 0);
      // By the page asked for, not the records got: a page holding more (a store folding in what it
      // owed from a shifted page) must not make the next one skip past records.
      url.searchParams.set(p.param, String(current + p.limit));
      return url;
    }
    case 'cursor': {
      const cursor = valueAt(page.body, p.from);
      if (cursor === undefined || cursor === null || cursor === '' || cursor === false) return undefined;
      const url = new URL(page.url);
      url.searchParams.set(p.param, String(cursor));
      return url;
    }
    case 'link': {
      const link = nextLink(page.response.headers.link);
      return link ? client.resolveNext(link, page.url) : undefined;
    }
    case 'nextUrl': {
      const next = valueAt(page.body, p.from);
      if (typeof next !== 'string' || next === '') return undefined;
      return client.resolveNext(next, page.url);
    }
  }
}
