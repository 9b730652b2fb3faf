import t from 'tap';
import { definePlugin, defineSource, type ReadOptions, type SourceBatch } from '../src/index.js';
import { openSourceStream, readAll, testContext } from '../src/testing/index.js';

/** A source with one stream, `orders`, of `total` records in batches of `batchSize`; what each read was asked is kept. */
function countingPlugin(total: number, asked: ReadOptions[] = []) {
  return definePlugin({
    source: defineSource({
      async open() {
        return {
          async streams() {
            return [
              {
                spec: { name: 'orders', schema: {}, key: ['id'] },
                async *read(options: ReadOptions): AsyncIterable<SourceBatch> {
                  asked.push(options);
                  const from = options.fullRefresh ? 0 : ((options.state as { next?: number } | undefined)?.next ?? 0);
                  for (let start = from; start < total; start += options.batchSize) {
                    const ids = Array.from({ length: Math.min(options.batchSize, total - start) }, (_, i) => start + i);
                    yield {
                      items: ids.map((id) => (id === 3 ? { invalid: 'order 3 is unreadable', code: 'UNMAPPED_VALUE' } : id === 4 ? { invalid: 'order 4 is cut' } : { record: { id } })),
                      state: { next: start + ids.length, at: new Date(Date.UTC(2025, 0, 1)), none: undefined },
                    };
                  }
                },
              },
            ];
          },
        };
      },
    }),
  });
}

t.test('openSourceStream opens the named stream in a fresh context unless one is handed in', async (t) => {
  const plugin = countingPlugin(3);
  const opened = await openSourceStream(plugin, {}, 'orders');
  t.equal(opened.stream.spec.name, 'orders');
  t.type(opened.ctx.messages, Array);
  const ctx = testContext();
  t.equal((await openSourceStream(plugin, {}, 'orders', ctx)).ctx, ctx, 'the context handed in');
  await t.rejects(openSourceStream(plugin, {}, 'refunds'), /no stream refunds/);
  await t.rejects(openSourceStream(definePlugin({}), {}, 'orders'), /no source/);
});

t.test('readAll reads to the end, 25 to a batch, with states as the store would keep them', async (t) => {
  const asked: ReadOptions[] = [];
  const { stream, ctx } = await openSourceStream(countingPlugin(60, asked), {}, 'orders');
  const run = await readAll(stream, ctx);
  t.same(asked, [{ state: undefined, batchSize: 25, fullRefresh: false }]);
  t.equal(run.records.length, 58);
  t.strictSame(run.invalid, [{ invalid: 'order 3 is unreadable', code: 'UNMAPPED_VALUE' }, { invalid: 'order 4 is cut' }], 'a code only where the source gave one');
  t.equal(run.states.length, 3);
  t.strictSame(run.state, { next: 60, at: '2025-01-01T00:00:00.000Z' }, 'after a trip through JSON');
  t.equal(run.state, run.states[2]);
});

t.test('readAll stops after stopAfter batches, runs onBatch after each, and resumes from a state', async (t) => {
  const asked: ReadOptions[] = [];
  const { stream, ctx } = await openSourceStream(countingPlugin(20, asked), {}, 'orders');
  const seen: number[] = [];
  const cut = await readAll(stream, ctx, { batchSize: 4, stopAfter: 2, onBatch: (i) => void seen.push(i) });
  t.same(seen, [0, 1], 'onBatch runs for the batch the read stops at too');
  t.same(cut.records.map((r) => r.id), [0, 1, 2, 5, 6, 7]);
  t.match(cut.state, { next: 8 });
  const resumed = await readAll(stream, ctx, { state: cut.state, batchSize: 4 });
  t.same(resumed.records.map((r) => r.id), [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  const full = await readAll(stream, ctx, { state: resumed.state, fullRefresh: true });
  t.equal(full.records.length, 18, 'a full refresh reads everything again');
  t.equal(asked.at(-1)?.fullRefresh, true);
  const nothing = await readAll(stream, ctx, { state: resumed.state });
  t.same(nothing, { records: [], invalid: [], states: [], state: resumed.state }, 'no batch: the state read from is kept');
});
