import type { WidgetDefinition } from './seed-forms.js';

/**
 * Why a value does not fit a widget, or undefined when it does, with the value as the platform
 * stores it. Jiandaoyun's API skips required-field and duplicate checks (OFFICIAL 14223) but a value
 * of the wrong type cannot be stored; the exact error is UNCONFIRMED (see error-codes.ts).
 */
export function checkValue(widget: WidgetDefinition, value: unknown, linkExists: (entryId: string, id: string) => boolean): { stored: unknown } | { problem: string } {
  if (value === null || value === undefined) return { stored: null };
  switch (widget.type) {
    case 'text':
    case 'textarea':
    case 'combo':
    case 'radiogroup':
      return typeof value === 'string' ? { stored: value } : { problem: '需要文本 (a text value)' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { stored: value } : { problem: '需要数字 (a number)' };
    case 'datetime': {
      const ms = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : Number.NaN;
      // The platform keeps moments in UTC and answers them as ISO 8601 with a Z (OFFICIAL 14221).
      return Number.isFinite(ms) ? { stored: new Date(ms).toISOString() } : { problem: '需要日期时间 (an ISO 8601 date-time)' };
    }
    case 'combocheck':
    case 'checkboxgroup':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? { stored: [...value] } : { problem: '需要文本数组 (an array of option texts)' };
    case 'linkdata':
      if (value === '') return { stored: null };
      return typeof value === 'string' && linkExists(widget.linkEntryId ?? '', value) ? { stored: value } : { problem: '关联数据不存在 (no such record in the linked form)' };
    default:
      return { problem: `widget type ${widget.type} cannot be written through the API` };
  }
}
