import t, { type Test } from 'tap';
import { EmulatorKit, type FaultOptions } from '../src/emulator/index.js';

const SIZE = 5;
const ALL = Array.from({ length: 20 }, (_, i) => `item-${String(i).padStart(2, '0')}`);

/**
 * Two listings in the two pagination styles platforms use: by page number (the client asks for
 * page N; Taobao, PDD) and by cursor (the emulator hands out where to go on; Shopify, HubSpot),
 * where this emulator's cursor follows the items it served.
 */
async function emulator(t: Test, faults: FaultOptions): Promise<{ kit: EmulatorKit; url: string }> {
  const kit = new EmulatorKit({ name: 'pages', faults, rateLimitResponse: () => ({ status: 429 }) });
  kit.route('GET', '/by-number', async (req) => {
    const page = Number(req.query.get('page') ?? '0');
    const items = kit.pageFaults('by-number', page, ALL, page * SIZE, SIZE);
    await kit.pageServed('by-number');
    return { json: { items, hasMore: (page + 1) * SIZE < ALL.length } };
  });
  kit.route('GET', '/by-cursor', async (req) => {
    const start = Number(req.query.get('after') ?? '0');
    const items = kit.pageFaults('by-cursor', Math.floor(start / SIZE), ALL, start, SIZE);
    await kit.pageServed('by-cursor');
    const last = items.at(-1);
    const next = last === undefined ? ALL.length : ALL.indexOf(last) + 1;
    return { json: { items, next: next < ALL.length ? next : null } };
  });
  const url = await kit.start();
  t.teardown(() => kit.close());
  return { kit, url };
}

async function byNumber(url: string): Promise<string[]> {
  const seen: string[] = [];
  for (let page = 0; page < 50; page++) {
    const body = (await (await fetch(`${url}/by-number?page=${page}`)).json()) as { items: string[]; hasMore: boolean };
    seen.push(...body.items);
    if (!body.hasMore) return seen;
  }
  throw new Error('never ended');
}

async function byCursor(url: string): Promise<string[]> {
  const seen: string[] = [];
  let after: number | null = 0;
  for (let i = 0; i < 50 && after !== null; i++) {
    const body = (await (await fetch(`${url}/by-cursor?after=${after}`)).json()) as { items: string[]; next: number | null };
    seen.push(...body.items);
    after = body.next;
  }
  if (after !== null) throw new Error('never ended');
  return seen;
}

function repeats(seen: string[]): number {
  return seen.length - new Set(seen).size;
}

t.test('without page faults every item comes exactly once', async (t) => {
  const { url } = await emulator(t, {});
  t.same(await byNumber(url), ALL);
  t.same(await byCursor(url), ALL);
});

t.test('duplicatePage serves page 0 again for page 1, once per listing, and loses nothing in either paging style', async (t) => {
  const { kit, url } = await emulator(t, { duplicatePage: true });

  const numbered = await byNumber(url);
  t.same([...new Set(numbered)].sort(), ALL, 'by page number: every item arrives');
  t.equal(repeats(numbered), SIZE, 'page 0 came twice');
  t.same(numbered.slice(SIZE, 2 * SIZE), ALL.slice(0, SIZE), 'page 1 answered with page 0');
  t.same(kit.requests.slice(0, 3).map((r) => r.fault ?? null), [null, 'duplicate-page', 'duplicate-page'], 'page 2 carried the skipped page 1');

  const cursor = await byCursor(url);
  t.same([...new Set(cursor)].sort(), ALL, 'by cursor: every item arrives');
  t.equal(repeats(cursor), SIZE);

  t.same(await byNumber(url), ALL, 'a second pass of the same listing is clean: once per listing');
  kit.setFaults({ duplicatePage: true });
  t.equal(repeats(await byNumber(url)), SIZE, 'setting the fault again re-arms it');
});

t.test('duplicatePage loses nothing for a client paging backwards (last page first, as Taobao and Pinduoduo say to)', async (t) => {
  const { kit, url } = await emulator(t, { duplicatePage: true });
  const seen: string[] = [];
  for (let page = ALL.length / SIZE - 1; page >= 0; page--) {
    const body = (await (await fetch(`${url}/by-number?page=${page}`)).json()) as { items: string[] };
    seen.push(...body.items);
  }
  t.same([...new Set(seen)].sort(), ALL, 'every item arrives');
  t.same(kit.requests.map((r) => r.fault ?? null), [null, null, 'duplicate-page', 'duplicate-page'], 'page 0 carried the page 1 that page 0 stood in for');
});

t.test('shiftPages n: pages after the first start n items earlier, so n items repeat; the tail is never lost', async (t) => {
  const { kit, url } = await emulator(t, { shiftPages: 2 });

  const numbered = await byNumber(url);
  t.same([...new Set(numbered)].sort(), ALL, 'by page number: every item arrives');
  t.same(numbered.slice(SIZE, SIZE + 2), ['item-03', 'item-04'], 'page 1 starts 2 items early');
  t.equal(repeats(numbered), 2);
  t.equal(numbered.length - 3 * SIZE, 7, 'the last page carries the 2 shifted-out items');
  t.ok(kit.requests.slice(1).every((r) => r.fault === 'shift-pages'), 'every page after the first is tagged');

  const cursor = await byCursor(url);
  t.same([...new Set(cursor)].sort(), ALL, 'by cursor: every item arrives');
  t.ok(repeats(cursor) >= 2, `each step repeats items (${repeats(cursor)} repeats)`);
});

t.test('a shift of a page or more is held below the page size, so a cursor client still advances', async (t) => {
  const { url } = await emulator(t, { shiftPages: 50 });
  const cursor = await byCursor(url);
  t.same([...new Set(cursor)].sort(), ALL);
});

t.test('pages past the end stay empty, with or without faults', async (t) => {
  const kit = new EmulatorKit({ name: 'pages', faults: { shiftPages: 2, duplicatePage: true }, rateLimitResponse: () => ({ status: 429 }) });
  t.same(kit.pageFaults('x', 4, ALL, 20, SIZE), []);
  t.same(kit.pageFaults('y', 1, ALL.slice(0, 3), 5, SIZE), [], 'a one-page listing has no page 1 to duplicate');
});

t.test('changeAfterPages fires the mutate hooks once, after that many pages of a listing, mid-listing', async (t) => {
  const { kit, url } = await emulator(t, { changeAfterPages: 2 });
  let mutations = 0;
  let seenBeforeMutation = 0;
  kit.onMutate(() => {
    mutations += 1;
    seenBeforeMutation = kit.requests.length;
  });
  await byNumber(url);
  t.equal(mutations, 1);
  t.equal(seenBeforeMutation, 1, 'the hook ran while the second page was being served');
  t.equal(kit.requests[1]?.fault, 'records-changed');
  await byNumber(url);
  await byCursor(url);
  t.equal(mutations, 1, 'once, not per page or per pass');

  await fetch(`${url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ changeAfterPages: 1 }) });
  await byCursor(url);
  t.equal(mutations, 2, 'setting the fault again re-arms it');
});
