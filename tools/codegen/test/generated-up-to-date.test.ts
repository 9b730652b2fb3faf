import t from 'tap';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { relative, resolve } from 'node:path';
import { generateAll } from '../src/codegen.js';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');

t.test('the committed generated types match their schemas', async (t) => {
  const files = await generateAll(root);
  t.ok(files.length >= 5, `found the workspace schemas (${files.length})`);
  for (const file of files) {
    const committed = await readFile(file.output, 'utf8').catch(() => '(missing)');
    t.equal(committed, file.text, `${relative(root, file.output)} is stale: run pnpm codegen`);
  }
});

t.test('an order keeps its four statuses as separate typed fields', async (t) => {
  const order = (await generateAll(root)).find((f) => f.schema.endsWith('commerce/order.schema.json'));
  t.ok(order, 'order schema generated');
  for (const field of ['lifecycle_status', 'payment_status', 'fulfillment_status', 'refund_status']) {
    t.match(order!.text, new RegExp(`${field}:\\s*\\n?\\s*\\|?\\s*'`), `${field} is a union of literals`);
  }
});
