import { ConfigError, type DataRecord, type Logger } from '@datong/sdk';
import type { DataRow, FormRef, JiandaoyunApi, Widget } from './jiandaoyun-api.js';
import type { FormConfig, ObjectName } from './sink-settings.js';

/** Widget types a record field can be written to and read from as a plain value. */
const WRITABLE = new Set(['text', 'textarea', 'number', 'datetime', 'combo', 'combocheck', 'radiogroup', 'checkboxgroup']);

const DEFAULT_KEY_FIELD: Record<ObjectName, string> = { customers: 'customer_key', orders: 'order_key' };

/**
 * One form as the sink sees it: record field names (widget labels, or the names `fields` pins)
 * mapped to widget ids, the key widget look-ups filter on, and for orders the associated-data
 * widget that links an order to its customer. Built when an object opens, from `widget/list`.
 */
export class FormLayout {
  private readonly warned = new Set<string>();

  private constructor(
    readonly object: ObjectName,
    readonly form: FormRef,
    /** record field → widget */
    readonly fields: Map<string, Widget>,
    readonly keyField: string,
    readonly keyWidget: Widget,
    readonly linkWidget: Widget | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * Reads the form's widgets and maps them. Pinned ids (`fields`) must exist: a missing one is a
   * ConfigError naming it; a pinned widget whose label was renamed still maps by id, with a warning.
   * Unpinned widgets map by label. Without `fields` the discovered map is logged as the YAML block
   * to pin in the pipeline.
   */
  static async open(api: JiandaoyunApi, object: ObjectName, config: FormConfig, logger: Logger): Promise<FormLayout> {
    const form = { appId: config.appId, entryId: config.entryId };
    const widgets = await api.widgets(form);
    const byId = new Map(widgets.map((w) => [w.name, w]));
    const fields = new Map<string, Widget>();
    const pinned = config.fields ?? {};
    const problems: { pointer: string; message: string }[] = [];
    for (const [field, id] of Object.entries(pinned)) {
      const widget = byId.get(id);
      if (!widget) {
        problems.push({ pointer: `/forms/${object}/fields/${field}`, message: `forms.${object}.fields pins "${field}" to ${id}, which the form (entry ${form.entryId}) does not have; its widgets: ${widgets.map((w) => `${w.label}=${w.name}`).join(', ')}` });
        continue;
      }
      if (widget.label !== field) logger.warn(`jiandaoyun: ${object} field "${field}" is pinned to ${id}, whose label is now "${widget.label}": writing by id`, { object, field, widget: id });
      fields.set(field, widget);
    }
    const pinnedIds = new Set(Object.values(pinned));
    const labels = new Map<string, Widget[]>();
    for (const widget of widgets) if (!pinnedIds.has(widget.name)) labels.set(widget.label, [...(labels.get(widget.label) ?? []), widget]);
    for (const [label, same] of labels) {
      if (fields.has(label)) continue;
      if (same.length > 1) {
        logger.warn(`jiandaoyun: the ${object} form has ${same.length} widgets labelled "${label}" (${same.map((w) => w.name).join(', ')}): pin one in forms.${object}.fields`, { object });
        continue;
      }
      fields.set(label, same[0]!);
    }
    const keyField = config.keyField ?? DEFAULT_KEY_FIELD[object];
    const keyWidget = fields.get(keyField);
    if (!keyWidget) {
      problems.push({ pointer: `/forms/${object}/keyField`, message: `the ${object} form (entry ${form.entryId}) has no widget labelled "${keyField}" to hold datong's key: add a single-line text widget with that label, or name another in forms.${object}.keyField / fields` });
    } else if (keyWidget.type !== 'text') {
      problems.push({ pointer: `/forms/${object}/keyField`, message: `the ${object} key widget "${keyField}" (${keyWidget.name}) is a ${keyWidget.type} widget: it must be single-line text` });
    }
    let linkWidget: Widget | undefined;
    if (object === 'orders') {
      const linkField = config.linkField ?? '客户';
      linkWidget = fields.get(linkField);
      if (linkWidget && linkWidget.type !== 'linkdata') linkWidget = undefined;
      if (!linkWidget && config.linkField !== undefined) {
        problems.push({ pointer: `/forms/orders/linkField`, message: `the orders form has no associated-data (linkdata) widget labelled "${linkField}"` });
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    if (config.fields === undefined) {
      const block = [...fields].map(([field, w]) => `      ${JSON.stringify(field)}: ${w.name}`).join('\n');
      logger.info(`jiandaoyun: ${object} fields mapped by label; pin them so a renamed label keeps working:\n    fields:\n${block}`, { object });
    }
    return new FormLayout(object, form, fields, keyField, keyWidget!, linkWidget, logger);
  }

  /** The widgets read back: every writable mapped widget (not the link, which is derived). */
  readWidgets(): [string, Widget][] {
    return [...this.fields].filter(([, w]) => WRITABLE.has(w.type));
  }

  /**
   * A record as `{ _widget_x: { value } }`. Fields with no widget (or one the API cannot write)
   * are skipped with one warning per field; `null` is sent only when `clear` (an update), since a
   * new record holds nothing anyway.
   */
  encode(record: DataRecord, clear: boolean): Record<string, { value: unknown }> {
    const data: Record<string, { value: unknown }> = {};
    for (const [field, value] of Object.entries(record)) {
      const widget = this.fields.get(field);
      if (!widget || !WRITABLE.has(widget.type)) {
        this.warnOnce(field, widget ? `its widget ${widget.name} is a ${widget.type} widget, which the API cannot write` : 'the form has no widget with that label');
        continue;
      }
      if (value === undefined || (value === null && !clear)) continue;
      data[widget.name] = { value };
    }
    return data;
  }

  /** A row read back, as the record it was written as: every read widget, null when empty. */
  decode(row: DataRow): DataRecord {
    const record: DataRecord = {};
    for (const [field, widget] of this.readWidgets()) {
      const value = row[widget.name];
      record[field] = value === undefined || value === '' ? null : value;
    }
    return record;
  }

  /** The key a row holds. */
  keyOf(row: DataRow): string | undefined {
    const key = row[this.keyWidget.name];
    return typeof key === 'string' && key !== '' ? key : undefined;
  }

  /** Widget ids named in a platform message, followed by their field names, for errors a user can act on. */
  explain(message: string): string {
    return message.replace(/_widget_\d+/g, (id) => {
      const field = [...this.fields].find(([, w]) => w.name === id)?.[0];
      return field === undefined ? id : `${id} (field "${field}")`;
    });
  }

  private warnOnce(field: string, why: string): void {
    if (this.warned.has(field)) return;
    this.warned.add(field);
    this.logger.warn(`jiandaoyun: ${this.object} field "${field}" is not written: ${why}; map it in forms.${this.object}.fields or drop it from the mapping`, { object: this.object, field });
  }
}
