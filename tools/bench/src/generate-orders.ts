import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { DATA_DIR, ordersFilePath } from './bench-paths.js';
import { fakeOrder } from './fake-order.js';
import { SeededRandom } from '@datong/sdk';

/** Bump when the generator's output changes, so stale files are regenerated. */
const GENERATOR_VERSION = 1;
const SEED = 20261125;
const WRITE_CHUNK_CHARS = 1 << 20;

export interface OrdersFile {
  path: string;
  records: number;
  bytes: number;
  /** False when an existing file was reused. */
  generated: boolean;
}

interface OrdersFileMeta {
  generator: number;
  seed: number;
  records: number;
  bytes: number;
}

/**
 * Returns data/orders-<records>.ndjson, writing it first unless a complete one is there. A
 * sidecar .meta.json written after the file is what says "complete": a run killed halfway
 * leaves a file whose size no longer matches it.
 */
export async function ensureOrdersFile(records: number): Promise<OrdersFile> {
  const path = ordersFilePath(records);
  const existing = await existingSize(path, records);
  if (existing !== undefined) return { path, records, bytes: existing, generated: false };

  await mkdir(DATA_DIR, { recursive: true });
  const bytes = await writeOrders(`${path}.tmp`, records);
  await rename(`${path}.tmp`, path);
  const meta: OrdersFileMeta = { generator: GENERATOR_VERSION, seed: SEED, records, bytes };
  await writeFile(`${path}.meta.json`, `${JSON.stringify(meta)}\n`);
  return { path, records, bytes, generated: true };
}

async function existingSize(path: string, records: number): Promise<number | undefined> {
  try {
    const meta = JSON.parse(await readFile(`${path}.meta.json`, 'utf8')) as OrdersFileMeta;
    const { size } = await stat(path);
    const current =
      meta.generator === GENERATOR_VERSION && meta.seed === SEED && meta.records === records;
    return current && size === meta.bytes ? size : undefined;
  } catch {
    return undefined;
  }
}

async function writeOrders(path: string, records: number): Promise<number> {
  const random = new SeededRandom(SEED);
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < records; i++) {
    chunk += `${JSON.stringify(fakeOrder(random, i))}\n`;
    if (chunk.length >= WRITE_CHUNK_CHARS) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return out.bytesWritten;
}

// `node dist/generate-orders.js 100000` writes the file without running the bench.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const records = Number(process.argv[2] ?? 1_000_000);
  const file = await ensureOrdersFile(records);
  console.log(`${file.generated ? 'wrote' : 'kept'} ${file.path} (${file.bytes} bytes)`);
}
