import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ConfigError, DatongError, type DataRecord } from '@datong/sdk';
import { cellToJson } from './xlsx-cell.js';
import { fieldNames, type ReaderOptions, type RowItem } from './row-item.js';

/**
 * Reads one sheet of an XLSX file with exceljs's streaming WorkbookReader: rows are parsed as the
 * zip is read, never the whole sheet at once (exceljs does keep the shared-string table, and may
 * park a sheet in a temporary file until the table arrives). The first non-empty row is the
 * header. Cells keep their types (see `cellToJson`); the row number is the position.
 */
export async function* readXlsx(input: Readable, options: ReaderOptions): AsyncGenerator<RowItem> {
  try {
    yield* readSheet(input, options);
  } catch (error) {
    if (error instanceof DatongError) throw error;
    // exceljs and unzipper say "FILE_ENDED" or "invalid signature"; say which file and what it means.
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatongError(`${options.name} cannot be read as XLSX (${reason}): is the file complete, and really an .xlsx workbook?`, {
      code: 'FILE_UNREADABLE',
      cause: error,
    });
  }
}

async function* readSheet(input: Readable, options: ReaderOptions): AsyncGenerator<RowItem> {
  // Styles are cached because a date is only a number with a date format in the file.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const seen: string[] = [];
  for await (const sheet of workbook) {
    const sheetName = (sheet as unknown as { name?: string }).name ?? `Sheet${seen.length + 1}`;
    seen.push(sheetName);
    const wanted = options.sheet === undefined ? seen.length === 1 : sheetName === options.sheet;
    if (!wanted) continue;
    let names: string[] | undefined;
    for await (const row of sheet) {
      const cells: unknown[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        cells[column - 1] = cellToJson(cell.value, cell.numFmt);
      });
      if (cells.every((cell) => cell === undefined)) continue;
      if (names === undefined) {
        names = fieldNames(Array.from(cells, (cell) => (cell === undefined ? '' : String(cell))), options);
        continue;
      }
      const record: DataRecord = {};
      cells.forEach((cell, i) => {
        if (cell !== undefined) record[names![i] ?? `column_${i + 1}`] = cell;
      });
      yield { item: { record, at: `${options.name}:${row.number}` }, line: row.number };
    }
    return;
  }
  const message =
    options.sheet === undefined
      ? 'the workbook has no sheet'
      : `has no sheet named "${options.sheet}" (it has ${seen.map((s) => `"${s}"`).join(', ') || 'none'})`;
  throw new ConfigError([{ file: options.name, pointer: `${options.pointer}/sheet`, message }]);
}
