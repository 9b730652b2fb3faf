import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@datong/sdk';
import { writeFileAtomic } from './atomic-write.js';
import type { FileSinkObject } from './file-sink-object.js';
import { workbookOf } from './xlsx-writer.js';

/**
 * The workbook a file sink with `workbook:` writes when a run closes it: one XLSX file per run
 * that changed something, named from the pattern (`{date}`, `{time}`, local time of the run's
 * start), holding a sheet per object the run wrote to, each the object's whole content (not only
 * what the run changed), with a bold frozen header and typed cells. The spreadsheet a team works
 * from, made by the sync instead of by hand. A run that changed nothing writes none.
 */
export class RunWorkbook {
  private readonly started = new Date();

  constructor(
    private readonly dir: string,
    private readonly pattern: string,
    private readonly logger: Logger,
  ) {}

  /** Writes the workbook of these objects if any of them changed; returns its path, or undefined. */
  async write(objects: FileSinkObject[]): Promise<string | undefined> {
    if (!objects.some((object) => object.changed)) {
      this.logger.info('nothing was written to the export: no run workbook this time');
      return undefined;
    }
    const sheets = await Promise.all(objects.map(async (object) => ({ spec: object.spec, records: await object.held() })));
    const path = await this.freePath();
    await writeFileAtomic(path, await workbookOf(sheets));
    const rows = sheets.map((s) => `${s.spec.name} ${s.records.length}`).join(', ');
    this.logger.info(`run workbook ${path} written (${rows})`);
    return path;
  }

  /** The pattern filled in; `-2`, `-3`... before the extension when two runs start in the same second. */
  private async freePath(): Promise<string> {
    const name = workbookName(this.pattern, this.started);
    const dot = name.toLowerCase().endsWith('.xlsx') ? name.length - 5 : name.length;
    for (let n = 1; ; n++) {
      const candidate = join(this.dir, n === 1 ? name : `${name.slice(0, dot)}-${n}${name.slice(dot)}`);
      if (!(await exists(candidate))) return candidate;
    }
  }
}

/** `rescue-{date}-{time}.xlsx` at 2026-12-03 09:05:07 local time → `rescue-2026-12-03-090507.xlsx`. */
export function workbookName(pattern: string, at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  const time = `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  const name = pattern.replaceAll('{date}', date).replaceAll('{time}', time);
  return name.toLowerCase().endsWith('.xlsx') ? name : `${name}.xlsx`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
