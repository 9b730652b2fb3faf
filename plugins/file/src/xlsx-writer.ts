import ExcelJS from 'exceljs';
import { DatongError, type DataRecord, type SinkObjectSpec } from '@datong/sdk';
import { sinkColumns } from './sink-columns.js';
import type { SinkFormat } from './sink-format.js';

// Excel's own limits: longer text is cut by Excel on open, more rows are not shown at all.
const MAX_CELL_CHARS = 32_767;
const MAX_ROWS = 1_048_575;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Only timestamps that carry a zone become dates: a bare "2024-03-01T10:00" could be any zone.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * XLSX with one sheet named after the object, a bold header row frozen in place, and typed
 * cells: numbers as numbers, booleans as booleans, ISO dates and zoned timestamps as Excel dates
 * (shown in UTC), nested objects and arrays as JSON text. Written with exceljs.
 */
export function xlsxWriter(): SinkFormat {
  return {
    format: 'xlsx',
    extension: '.xlsx',
    restoresTypes: true,
    async encode(records, spec) {
      tooManyRows(records.length, spec.name);
      const workbook = newWorkbook();
      addSheet(workbook, sheetName(spec.name), records, spec);
      return new Uint8Array(await workbook.xlsx.writeBuffer());
    },
    refuse(record) {
      for (const [field, value] of Object.entries(record)) {
        const text = cellValue(value);
        if (typeof text === 'string' && text.length > MAX_CELL_CHARS) {
          return `field "${field}" holds ${text.length} characters; an Excel cell holds at most ${MAX_CELL_CHARS}`;
        }
      }
      return undefined;
    },
  };
}

/**
 * One workbook holding a sheet per object, each as `xlsxWriter` writes its file: the run
 * workbook of a file sink with `workbook:` set. Sheet names are made unique (`orders`, `orders_2`).
 */
export async function workbookOf(sheets: { spec: SinkObjectSpec; records: DataRecord[] }[]): Promise<Uint8Array> {
  const workbook = newWorkbook();
  const used = new Set<string>();
  for (const { spec, records } of sheets) {
    tooManyRows(records.length, spec.name);
    let name = sheetName(spec.name);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${sheetName(spec.name).slice(0, 28)}_${n}`;
    used.add(name.toLowerCase());
    addSheet(workbook, name, records, spec);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'datong';
  return workbook;
}

/** A bold header row frozen in place, columns in schema order fitted to their content, typed cells. */
function addSheet(workbook: ExcelJS.Workbook, name: string, records: DataRecord[], spec: SinkObjectSpec): void {
  const columns = sinkColumns(records, spec.schema);
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column, key: column, width: columnWidth(column, records) }));
  sheet.getRow(1).font = { bold: true };
  for (const record of records) {
    const row = sheet.addRow(columns.map((column) => cellValue(record[column])));
    columns.forEach((column, i) => {
      const format = dateFormat(record[column]);
      if (format !== undefined) row.getCell(i + 1).numFmt = format;
    });
  }
}

function tooManyRows(rows: number, object: string): void {
  if (rows > MAX_ROWS) {
    throw new DatongError(`${object}: ${rows} records do not fit in one Excel sheet (${MAX_ROWS} rows); use csv or ndjson`, { code: 'SINK_TOO_LARGE' });
  }
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}

function cellValue(value: unknown): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return asDate(value) ?? value;
  return JSON.stringify(value);
}

function asDate(text: string): Date | undefined {
  if (DATE.test(text)) {
    const date = new Date(`${text}T00:00:00Z`);
    // `2024-02-30` is not a date, whatever Date makes of it.
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) ? date : undefined;
  }
  if (!TIMESTAMP.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function dateFormat(value: unknown): string | undefined {
  if (typeof value !== 'string' || asDate(value) === undefined) return undefined;
  return DATE.test(value) ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
}

// Wide enough for the header and the longest of the first thousand values, within reason;
// Chinese characters take two columns' width.
function columnWidth(column: string, records: DataRecord[]): number {
  let widest = displayWidth(column);
  for (const record of records.slice(0, 1000)) {
    const value = record[column];
    const text = dateFormat(value) === 'yyyy-mm-dd hh:mm:ss' ? '2024-01-01 00:00:00' : value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    widest = Math.max(widest, displayWidth(text));
  }
  return Math.min(60, Math.max(8, widest + 2));
}

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.slice(0, 200)) width += ch.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return width;
}
