import type { CellValue } from 'exceljs';

/**
 * A spreadsheet cell as a JSON value: numbers and booleans keep their type, a date becomes ISO
 * text (`2024-03-01` when its format shows no time, else `2024-03-01T10:00:00.000Z`), a formula
 * its cached result, rich text and hyperlinks their text, an error cell its code (`#N/A`), and an
 * empty cell `undefined`.
 *
 * Excel stores wall-clock times without a zone; exceljs reads them as UTC, and so does datong.
 */
export function cellToJson(value: CellValue, numFmt?: string): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateToIso(value, numFmt);
  if ('formula' in value || 'sharedFormula' in value) return cellToJson((value.result ?? null) as CellValue, numFmt);
  if ('richText' in value) return value.richText.map((run) => run.text).join('') || undefined;
  if ('hyperlink' in value) return cellToJson(value.text as CellValue, numFmt);
  if ('error' in value) return value.error;
  return JSON.stringify(value);
}

/** ISO text for a spreadsheet date: the date alone when the cell's format shows no time of day. */
export function dateToIso(date: Date, numFmt?: string): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  const dateOnly = numFmt !== undefined && !showsTime(numFmt) && iso.endsWith('T00:00:00.000Z');
  return dateOnly ? iso.slice(0, 10) : iso;
}

// Hours or seconds in a number format mean a time of day (minutes alone are ambiguous with months).
function showsTime(numFmt: string): boolean {
  const bare = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[hs]/i.test(bare);
}
