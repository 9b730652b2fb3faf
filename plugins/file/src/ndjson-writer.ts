import type { SinkFormat } from './sink-format.js';

/** NDJSON: one record a line, exactly as given; the lossless choice. */
export function ndjsonWriter(): SinkFormat {
  return {
    format: 'ndjson',
    extension: '.ndjson',
    restoresTypes: false,
    async encode(records) {
      return Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
    },
    refuse: () => undefined,
  };
}
