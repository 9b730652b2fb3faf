import t from 'tap';
import { RecordError, pagesBackwards, readTimeWindows, WindowTooWide, type SourceBatch } from '../src/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

interface Row { id: string; modified: number }

async function collect(gen: AsyncIterable<SourceBatch>): Promise<SourceBatch[]> {
  const out: SourceBatch[] = [];
  for await (const b of gen) out.push(b);
  return out;
}

const ids = (batches: SourceBatch[]) => batches.flatMap((b) => b.items.map((i) => ('record' in i ? String(i.record.id) : `!${i.invalid}`)));

t.test('windows never exceed the platform maximum, cover start to now − lag, and move until per finished window', async (t) => {
  const now = Date.UTC(2026, 11, 3, 12);
  const start = now - 5 * HOUR;
  const rows: Row[] = Array.from({ length: 50 }, (_, i) => ({ id: `o${i}`, modified: start + i * 6 * MIN }));
  const asked: [number, number][] = [];
  const batches = await collect(readTimeWindows<Row>({
    state: undefined, fullRefresh: false, batchSize: 4, now, start, maxWindowMs: 30 * MIN, lagMs: 0,
    fetchWindow: async function* (from, to) {
      asked.push([from, to]);
      yield rows.filter((r) => r.modified >= from && r.modified < to);
    },
    toRecord: (r) => ({ id: r.id }),
    identity: (r) => `${r.id}@${r.modified}`,
  }));
  t.equal(asked.length, 10);
  t.ok(asked.every(([f, to]) => to - f <= 30 * MIN));
  t.equal(asked[0]![0], start);
  t.equal(asked.at(-1)![1], now);
  t.same(ids(batches), rows.map((r) => r.id), 'every row once, in window order');
  t.same(batches.at(-1)!.state, { until: new Date(now).toISOString() });
  // Batches inside a window keep the previous until: a crash there re-reads the window.
  const firstWindowBatches = batches.slice(0, 2);
  t.same(firstWindowBatches[0]!.state, {}, 'a first window cut in batches saves no until before it ends');
});

t.test('a later run starts the overlap before the saved until; lookback clamps an old start', async (t) => {
  const now = Date.UTC(2026, 11, 3, 12);
  const asked: number[] = [];
  const read = (state: unknown, start: number) => collect(readTimeWindows<Row>({
    state, fullRefresh: false, batchSize: 10, now, start, maxWindowMs: 24 * HOUR, lookbackMs: 90 * 24 * HOUR, overlapMs: MIN, lagMs: 0,
    fetchWindow: async function* (from) { asked.push(from); yield []; },
    toRecord: (r) => ({ id: r.id }), identity: (r) => r.id,
  }));
  await read({ until: new Date(now - HOUR).toISOString() }, 0);
  t.equal(asked[0], now - HOUR - MIN);
  asked.length = 0;
  await read(undefined, now - 400 * 24 * HOUR);
  t.equal(asked[0], now - 90 * 24 * HOUR, 'a start beyond the lookback moves up to it');
});

t.test('a window refused as too wide is split, then widens again', async (t) => {
  const now = Date.UTC(2026, 11, 3, 12);
  const start = now - 4 * HOUR;
  const widths: number[] = [];
  const batches = await collect(readTimeWindows<Row>({
    state: undefined, fullRefresh: false, batchSize: 100, now, start, maxWindowMs: 4 * HOUR, lagMs: 0,
    fetchWindow: async function* (from, to) {
      widths.push(to - from);
      if (to - from > HOUR) throw new WindowTooWide('more than 50,000 results');
      yield [{ id: `w${from}`, modified: from }];
    },
    toRecord: (r) => ({ id: r.id }), identity: (r) => r.id,
  }));
  t.same(widths.slice(0, 3), [4 * HOUR, 2 * HOUR, HOUR]);
  t.equal(ids(batches).length, 4, 'four one-hour windows read');
});

t.test('a record error becomes an invalid item and the read goes on', async (t) => {
  const now = Date.UTC(2026, 11, 3, 12);
  const batches = await collect(readTimeWindows<Row>({
    state: undefined, fullRefresh: false, batchSize: 10, now, start: now - HOUR, maxWindowMs: HOUR, lagMs: 0,
    fetchWindow: async function* () { yield [{ id: 'good', modified: 0 }, { id: 'bad', modified: 0 }]; },
    toRecord: (r) => { if (r.id === 'bad') throw new RecordError('status "X" unknown', { code: 'UNMAPPED_VALUE' }); return { id: r.id }; },
    identity: (r) => r.id,
  }));
  const items = batches.flatMap((b) => b.items);
  t.equal(items.length, 2);
  t.match(items[1], { invalid: /bad: status "X" unknown/, code: 'UNMAPPED_VALUE' });
});

t.test('pagesBackwards walks from the last page to the first and misses nothing when records leave the window mid-scan', async (t) => {
  // A record modified mid-scan leaves the (past) window; the records behind it move one place forward.
  let list = Array.from({ length: 10 }, (_, i) => `r${i}`);
  const fetched: number[] = [];
  const seen = new Set<string>();
  for await (const items of pagesBackwards(async (page) => {
    fetched.push(page);
    if (page === 3) list = list.filter((r) => r !== 'r1');
    return { items: list.slice((page - 1) * 3, page * 3), total: list.length };
  }, 3)) items.forEach((i) => seen.add(i));
  t.same(fetched, [1, 4, 3, 2, 1]);
  t.same([...seen].sort(), list.slice().sort(), 'every record still in the window seen (r1 left it: its next window delivers it)');
  // Forwards, the same change skips a record.
  list = Array.from({ length: 10 }, (_, i) => `r${i}`);
  const forwards = new Set<string>();
  for (let page = 1; page <= 4; page++) {
    if (page === 2) list = list.filter((r) => r !== 'r1');
    list.slice((page - 1) * 3, page * 3).forEach((i) => forwards.add(i));
  }
  t.equal(forwards.size, 9, 'walking forwards would have skipped r3');
});
