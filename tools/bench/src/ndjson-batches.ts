import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * Parsed NDJSON lines, one array per read chunk (1 MiB of text, about 2,500 orders). Yielding
 * arrays rather than single records keeps the per-record cost of async iteration out of the
 * baselines; the StringDecoder keeps a multi-byte character split across chunks intact.
 */
export async function* ndjsonBatches(path: string): AsyncGenerator<unknown[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = lines.pop() ?? '';
    yield parseLines(lines);
  }
  rest += decoder.end();
  if (rest.trim() !== '') yield parseLines([rest]);
}

function parseLines(lines: string[]): unknown[] {
  const records: unknown[] = [];
  for (const line of lines) if (line.trim() !== '') records.push(JSON.parse(line));
  return records;
}
