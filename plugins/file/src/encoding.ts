import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import jschardet from 'jschardet';
import { ConfigError, type Logger } from '@datong/sdk';
import { firstInvalidUtf8, hasNonAscii } from './utf8.js';

/** The encodings the file source decodes. GBK files are read correctly as GB18030, its superset. */
export type TextEncoding = 'utf8' | 'gbk' | 'gb18030';
export type DeclaredEncoding = TextEncoding | 'auto';

export interface DecoderOptions {
  encoding: DeclaredEncoding;
  /** The file's name, for messages. */
  file: string;
  /** JSON pointer of the stream's `encoding` setting, for messages. */
  pointer?: string;
  logger?: Logger;
}

const BOM = [0xef, 0xbb, 0xbf];
// What Excel's "Unicode Text" export writes; easy to mistake for a CSV.
const UTF16 = 'is UTF-16 (Excel\'s "Unicode Text"): save it as "CSV UTF-8" instead';
// Enough text past the first non-ASCII byte to tell UTF-8 from GBK: a few hundred Chinese characters.
const SAMPLE_BYTES = 16 * 1024;
// jschardet guesses among these; everything that is not UTF-8 is read as GB18030 unless it is
// confidently another East Asian multi-byte encoding, which datong cannot read.
const CANDIDATES = ['UTF-8', 'GB2312', 'Big5', 'SHIFT_JIS', 'EUC-JP', 'EUC-KR'];

/**
 * Decodes one file's bytes to text, chunk by chunk, in constant memory. Declared `utf8` fails on
 * the first invalid byte with a `ConfigError` naming the file (it is GBK, most likely); declared
 * `gbk`/`gb18030` fails when the file is plainly UTF-8. `auto` passes ASCII straight through (it
 * reads the same in every supported encoding) and decides at the first non-ASCII bytes: a BOM or
 * valid UTF-8 means UTF-8, anything else GB18030.
 *
 * @example
 *   const decoder = new FileDecoder({ encoding: 'auto', file: 'orders.csv' });
 *   for await (const chunk of stream) text += decoder.write(chunk);
 *   text += decoder.end();
 */
export class FileDecoder {
  /** The encoding in use, once known (ASCII-only files stay undefined under `auto`). */
  encoding: TextEncoding | undefined;
  /** Set by `end()` when the file stops in the middle of a UTF-8 character: it was truncated. */
  endedMidCharacter = false;
  private utf8: TextDecoder | undefined;
  private gb: iconv.DecoderStream | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private bytesBefore = 0;
  private previous: Buffer | undefined;
  private replaced = 0;

  constructor(private readonly options: DecoderOptions) {
    if (options.encoding === 'utf8') this.use('utf8');
  }

  write(chunk: Buffer): string {
    if (this.utf8 !== undefined || this.gb !== undefined) return this.decode(chunk);
    if (this.pendingBytes === 0 && !hasNonAscii(chunk)) {
      this.bytesBefore += chunk.length;
      return chunk.toString('latin1');
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    return this.pendingBytes >= SAMPLE_BYTES ? this.settle() : '';
  }

  end(): string {
    let text = '';
    if (this.utf8 === undefined && this.gb === undefined && this.pendingBytes > 0) text += this.settle();
    if (this.utf8 !== undefined) {
      try {
        text += this.utf8.decode();
      } catch {
        // A file cut off inside a character: the readers report the last row as truncated.
        this.endedMidCharacter = true;
        text += '\uFFFD';
      }
    }
    if (this.gb !== undefined) text += this.countReplaced(this.gb.end() ?? '');
    if (this.replaced > 0) {
      this.options.logger?.warn(`${this.options.file}: ${this.replaced} byte sequence(s) are not valid ${this.encoding} and were read as U+FFFD`, {
        file: this.options.file,
      });
    }
    return text;
  }

  // Decides (or checks the declared encoding) from the pending sample, then decodes it.
  private settle(): string {
    const sample = Buffer.concat(this.pending);
    const startsFile = this.bytesBefore === 0;
    this.pending = [];
    this.pendingBytes = 0;
    if (startsFile && isUtf16(sample)) throw this.problem(UTF16);
    const firstHigh = sample.findIndex((byte) => byte >= 0x80);
    const tail = sample.subarray(Math.max(firstHigh, 0));
    const bom = startsFile && BOM.every((byte, i) => sample[i] === byte);
    // A sequence cut off by the end of the file still counts as UTF-8: the file was truncated,
    // which the readers report on its last row.
    const isUtf8 = bom || firstInvalidUtf8(tail, false) === -1;
    const declared = this.options.encoding;
    if (declared === 'auto') {
      this.use(isUtf8 ? 'utf8' : gbOrFail(tail, this.options));
    } else if (isUtf8) {
      throw this.problem(`is UTF-8, not ${declared.toUpperCase()}: set "encoding: utf8" (or "auto") for this stream`);
    } else {
      this.use(declared);
    }
    return this.decode(sample);
  }

  private use(encoding: TextEncoding): void {
    this.encoding = encoding;
    if (encoding === 'utf8') this.utf8 = new TextDecoder('utf-8', { fatal: true });
    else this.gb = iconv.getDecoder(encoding);
  }

  private decode(chunk: Buffer): string {
    const offset = this.bytesBefore;
    this.bytesBefore += chunk.length;
    if (this.gb !== undefined) return this.countReplaced(this.gb.write(chunk));
    try {
      const text = this.utf8!.decode(chunk, { stream: true });
      this.previous = chunk;
      return text;
    } catch {
      throw this.notUtf8(chunk, offset);
    }
  }

  private countReplaced(text: string): string {
    if (text.includes('\uFFFD')) for (const ch of text) if (ch === '\uFFFD') this.replaced += 1;
    return text;
  }

  private notUtf8(chunk: Buffer, offset: number): ConfigError {
    // The bad byte may complete a sequence the previous chunk began: look at both together.
    if (offset === 0 && isUtf16(chunk)) return this.problem(UTF16);
    const carry = incompleteTail(this.previous);
    const joined = Buffer.concat([carry, chunk]);
    const at = Math.max(firstInvalidUtf8(joined, true), 0);
    const where = offset - carry.length + at;
    const guess = guessEncoding(joined.subarray(at));
    const looks = guess === 'GB18030' ? 'it looks like GBK/GB18030' : guess === undefined ? 'its encoding is unclear' : `it looks like ${guess}`;
    return this.problem(`is not valid UTF-8 (byte ${where}); ${looks}: set "encoding: gbk" (or "auto") for this stream`);
  }

  private problem(message: string): ConfigError {
    const { file, pointer } = this.options;
    return new ConfigError([{ file, message, ...(pointer === undefined ? {} : { pointer }) }]);
  }
}

/** What jschardet makes of bytes that are not UTF-8: GB18030 for the GB family, another name, or nothing. */
export function guessEncoding(sample: Uint8Array): string | undefined {
  const [best] = jschardet.detectAll(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), {
    detectEncodings: CANDIDATES,
  });
  if (best === undefined) return undefined;
  if (best.encoding === 'GB2312' || best.encoding === 'GB18030') return 'GB18030';
  return best.confidence >= 0.5 ? best.encoding : undefined;
}

function gbOrFail(sample: Uint8Array, options: DecoderOptions): TextEncoding {
  const guess = guessEncoding(sample);
  // Short Chinese samples often score low for every candidate: GB18030 is still the likely one.
  if (guess === undefined || guess === 'GB18030') return 'gb18030';
  const at = firstInvalidUtf8(sample, true);
  throw new ConfigError([
    {
      file: options.file,
      message:
        guess === 'UTF-8'
          ? `looks like UTF-8 but holds bytes that are not (${at} bytes after the first non-ASCII one); repair or re-export it`
          : `is neither UTF-8 nor GBK/GB18030 (it looks like ${guess}); convert it to UTF-8`,
      ...(options.pointer === undefined ? {} : { pointer: options.pointer }),
    },
  ]);
}

function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

// The bytes at the end of `chunk` that start a UTF-8 sequence the chunk does not finish.
function incompleteTail(chunk: Buffer | undefined): Buffer {
  if (chunk === undefined) return Buffer.alloc(0);
  for (let back = 1; back <= Math.min(3, chunk.length); back += 1) {
    const byte = chunk[chunk.length - back]!;
    if (byte < 0x80) break;
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return size > back ? chunk.subarray(chunk.length - back) : Buffer.alloc(0);
    }
  }
  return Buffer.alloc(0);
}
