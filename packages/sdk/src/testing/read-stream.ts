import type { ValidateFunction } from 'ajv/dist/2020.js';
import { DatongError } from '../errors.js';
import type { DataRecord, ReadOptions, SourceStream } from '../plugin.js';
import { recordKey } from '../record-key.js';
import { describeAjvErrors } from './contract-ajv.js';
import type { TestContext } from './test-context.js';

/** What one read of a stream yielded, and what was wrong with it. */
export interface StreamRead {
  records: { key: string; record: DataRecord }[];
  /** The last batch's state after a trip through JSON: what the store would hand the next run. */
  state: unknown;
  batches: number;
  /** Self-explanatory failures, each naming a few of the records concerned. */
  problems: string[];
}

const EXAMPLES = 3;

/**
 * Reads a stream to its end the way the engine does, and checks what the engine would: no batch
 * over `batchSize`, no unparseable items, every record valid against the stream schema and
 * carrying its key, every state storable as JSON. Stops after `limit` records, so a source whose
 * cursor never advances fails with a message instead of hanging the test.
 */
export async function readStream(stream: SourceStream, options: ReadOptions, ctx: TestContext, validate: ValidateFunction | undefined, limit: number): Promise<StreamRead> {
  const out: StreamRead = { records: [], state: undefined, batches: 0, problems: [] };
  const invalid: string[] = [];
  const breaches: string[] = [];
  const keyless: string[] = [];
  try {
    for await (const batch of stream.read(options, ctx)) {
      out.batches++;
      if (batch.items.length > options.batchSize) {
        out.problems.push(`batch ${out.batches} held ${batch.items.length} items, more than the batchSize ${options.batchSize}`);
      }
      for (const item of batch.items) {
        if ('invalid' in item) {
          invalid.push(item.invalid);
          continue;
        }
        let key: string;
        try {
          key = recordKey(item.record, stream.spec.key);
        } catch (error) {
          keyless.push(`${(error as Error).message} in ${ctx.redactor.text(JSON.stringify(item.record)).slice(0, 200)}`);
          continue;
        }
        if (validate && !validate(item.record)) breaches.push(`${key}: ${describeAjvErrors(validate.errors)}`);
        out.records.push({ key, record: item.record });
      }
      out.state = storable(batch.state, out.batches, out.problems);
      if (out.records.length > limit) {
        out.problems.push(`the read had not ended after ${out.records.length} records (the emulator holds far fewer): does the cursor or page token advance?`);
        break;
      }
    }
  } catch (error) {
    const code = error instanceof DatongError ? ` [${error.code}]` : '';
    out.problems.push(`the read failed after ${out.records.length} records: ${ctx.redactor.text((error as Error)?.message ?? String(error))}${code}`);
  }
  if (invalid.length) out.problems.push(`${invalid.length} item(s) came as { invalid }, e.g. ${examples(invalid)}`);
  if (keyless.length) out.problems.push(`${keyless.length} record(s) lack a key field (${stream.spec.key.join(', ')}), e.g. ${examples(keyless)}`);
  if (breaches.length) out.problems.push(`${breaches.length} record(s) break the stream schema, e.g. ${examples(breaches)}`);
  return out;
}

/** The state as the store would keep it, or a problem when JSON cannot hold it. */
function storable(state: unknown, batch: number, problems: string[]): unknown {
  if (state === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(state)) as unknown;
  } catch (error) {
    problems.push(`the state of batch ${batch} cannot be stored as JSON: ${(error as Error).message}`);
    return state;
  }
}

function examples(list: string[]): string {
  return list.slice(0, EXAMPLES).join(' | ') + (list.length > EXAMPLES ? ` (and ${list.length - EXAMPLES} more)` : '');
}
