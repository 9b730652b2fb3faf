import type { CanonicalOrder } from './canonical-order.js';
import { ORDER_COLUMNS } from './orders-table.js';

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * One row in COPY's text format: tab-separated, newline-terminated. Backslash, tab, CR and LF
 * are the only characters text format treats specially; `lines` is JSON whose own escapes
 * (`\"`, `\t`) contain backslashes, so it goes through the same escaping.
 */
export function copyTextRow(order: CanonicalOrder): string {
  let row = '';
  ORDER_COLUMNS.forEach((column, i) => {
    const value = order[column];
    if (i > 0) row += '\t';
    row += escapeCopyText(typeof value === 'string' ? value : JSON.stringify(value));
  });
  return `${row}\n`;
}

function escapeCopyText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c] ?? c) : text;
}
