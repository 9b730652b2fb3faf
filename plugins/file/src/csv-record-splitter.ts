/** One CSV record's raw text (line ending removed) and the physical lines it spans. */
export interface RawRecord {
  text: string;
  startLine: number;
  endLine: number;
  /** False for a last record the file ends without a newline after. */
  terminated: boolean;
  /** Why the splitter gave up on this text, when it did: an unclosed quote or an endless record. */
  broken?: string;
}

/**
 * Finds where CSV records begin and end in decoded text that arrives in chunks: a newline ends
 * a record unless it is inside a quoted field (a quote that opens a field, RFC 4180). csv-parse
 * then parses the fields of whole records.
 *
 * Why not csv-parse's own stream: after a broken quoted field (`"12" screen",3`) it stays inside
 * the quote and swallows the rest of the file into one field, in memory. Here a quote left open
 * for `maxRecordChars`, or until the end of the file, costs only the line it opened on: that
 * line comes back as broken and scanning resumes on the next one.
 */
export class CsvRecordSplitter {
  private buf = '';
  /** Where the current record starts in `buf`, and how far it has been scanned. */
  private start = 0;
  private pos = 0;
  private inQuote = false;
  private line = 1;
  private newlinesInRecord = 0;
  private discarding = false;
  private readonly quotes = new CharFinder('"');
  private readonly newlines = new CharFinder('\n');

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars = 8 * 1024 * 1024,
  ) {}

  /** Adds text; returns the records it completes. */
  push(text: string): RawRecord[] {
    const out: RawRecord[] = [];
    this.rebase();
    this.buf += text;
    for (;;) {
      if (this.discarding && !this.skipToNewline()) break;
      while (this.scan(out, false)) {
        // scan() returns true while it makes progress on what is buffered
      }
      if (this.buf.length - this.start <= this.maxRecordChars) break;
      this.giveUp(out, false);
    }
    return out;
  }

  /** The file has ended: returns the last record and whatever a quote left open. */
  end(): RawRecord[] {
    const out: RawRecord[] = [];
    if (this.discarding) return out;
    for (;;) {
      while (this.scan(out, true)) {
        // drain
      }
      if (!this.inQuote) break;
      this.giveUp(out, true);
    }
    const text = stripCr(this.buf.slice(this.start));
    if (text.length > 0) out.push({ text, startLine: this.line, endLine: this.line + this.newlinesInRecord, terminated: false });
    this.buf = '';
    this.start = this.pos = 0;
    return out;
  }

  // One step through the buffer. Returns false when it needs more text.
  private scan(out: RawRecord[], atEnd: boolean): boolean {
    const { buf } = this;
    const quote = this.quotes.next(buf, this.pos);
    if (this.inQuote) {
      this.newlinesInRecord += countNewlines(buf, this.pos, quote === -1 ? buf.length : quote);
      if (quote === -1) {
        this.pos = buf.length;
        return false;
      }
      if (quote + 1 === buf.length && !atEnd) {
        // `""` (an escaped quote) or the closing one? The next chunk tells.
        this.pos = quote;
        return false;
      }
      const escaped = buf[quote + 1] === '"';
      this.pos = quote + (escaped ? 2 : 1);
      this.inQuote = escaped;
      return true;
    }
    const newline = this.newlines.next(buf, this.pos);
    if (quote !== -1 && (newline === -1 || quote < newline)) {
      // Only a quote that opens a field starts quoting; a stray one is csv-parse's to report.
      this.inQuote = quote === this.start || buf[quote - 1] === this.delimiter;
      this.pos = quote + 1;
      return true;
    }
    if (newline === -1) {
      this.pos = buf.length;
      return false;
    }
    const text = stripCr(buf.slice(this.start, newline));
    const endLine = this.line + this.newlinesInRecord;
    if (text.length > 0) out.push({ text, startLine: this.line, endLine, terminated: true });
    this.nextRecord(newline + 1, endLine + 1);
    return true;
  }

  // The buffered record cannot be finished: report its first line and go on after it.
  private giveUp(out: RawRecord[], atEnd: boolean): void {
    const reason = this.inQuote
      ? `a quoted field opened on this line is never closed${atEnd ? ' before the end of the file (is the file cut off?)' : ''}`
      : `the record is longer than ${this.maxRecordChars} characters`;
    this.inQuote = false;
    const newline = this.buf.indexOf('\n', this.start);
    if (newline === -1) {
      out.push({ text: this.buf.slice(this.start), startLine: this.line, endLine: this.line, terminated: false, broken: reason });
      this.buf = '';
      this.start = this.pos = 0;
      this.newlinesInRecord = 0;
      this.quotes.reset();
      this.newlines.reset();
      this.discarding = !atEnd;
      return;
    }
    out.push({ text: stripCr(this.buf.slice(this.start, newline)), startLine: this.line, endLine: this.line, terminated: true, broken: reason });
    this.nextRecord(newline + 1, this.line + 1);
  }

  // After an endless line: drop text up to the next newline. Returns false while none has come.
  private skipToNewline(): boolean {
    const newline = this.buf.indexOf('\n', this.start);
    if (newline === -1) {
      this.buf = '';
      this.start = this.pos = 0;
      this.quotes.reset();
      this.newlines.reset();
      return false;
    }
    this.discarding = false;
    this.nextRecord(newline + 1, this.line + 1);
    return true;
  }

  private nextRecord(index: number, line: number): void {
    this.start = this.pos = index;
    this.line = line;
    this.newlinesInRecord = 0;
  }

  // Drops the text of finished records so the buffer holds only the current one.
  private rebase(): void {
    if (this.start === 0) return;
    this.buf = this.buf.slice(this.start);
    this.pos -= this.start;
    this.quotes.shift(this.start);
    this.newlines.shift(this.start);
    this.start = 0;
  }
}

// Remembers where the next occurrence of a character is, so a chunk of many short records is
// searched once, not once per record.
class CharFinder {
  private at = -1;
  private searched = 0;

  constructor(private readonly char: string) {}

  next(buf: string, pos: number): number {
    if (this.at >= pos) return this.at;
    this.at = buf.indexOf(this.char, Math.max(pos, this.searched));
    this.searched = this.at === -1 ? buf.length : this.at;
    return this.at;
  }

  shift(by: number): void {
    if (this.at !== -1) this.at -= by;
    this.searched = Math.max(0, this.searched - by);
  }

  reset(): void {
    this.at = -1;
    this.searched = 0;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
