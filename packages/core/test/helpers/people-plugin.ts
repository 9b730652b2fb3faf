import { sdkEntry, writePluginPackage } from './plugin-package.js';

/**
 * Installs `datong-plugin-people` into `<dir>/node_modules`: a source whose `customers` and
 * `orders` streams are the JSON arrays in `<config.dir>/customers.json` and `orders.json` (read
 * whole each run), and a CRM-like sink keeping `contacts` and `deals` in one JSON file that can
 * merge two contacts the way a CRM does (the survivor keeps its values, gains the other's empty
 * ones and its deals). Lets identity resolution be tested through real plugin loading.
 */
export function installPeoplePlugin(dir: string): void {
  writePluginPackage(dir, 'datong-plugin-people', {
    source: { type: 'object', additionalProperties: false, required: ['dir'], properties: { dir: { type: 'string' } } },
    sink: { type: 'object', additionalProperties: false, required: ['file'], properties: { file: { type: 'string' } } },
  }, `
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { definePlugin } from ${sdkEntry};

const loose = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
const source = {
  async open(config, ctx) {
    const stream = (name) => ({
      spec: { name, key: ['id'], schema: loose },
      async *read() {
        const file = resolve(ctx.baseDir, config.dir, name + '.json');
        const rows = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
        yield { items: rows.map((record) => ({ record })), state: { rows: rows.length } };
      },
    });
    return { streams: async () => [stream('customers'), stream('orders')] };
  },
};

const sink = {
  async open(config, ctx) {
    const file = resolve(ctx.baseDir, config.file);
    const load = () => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { contacts: {}, deals: {}, merges: [] });
    const save = (db) => writeFileSync(file, JSON.stringify(db, null, 1));
    return {
      async object(spec) {
        const table = spec.name;
        const object = {
          spec,
          async write(batch) {
            const db = load();
            const results = [];
            for (const w of batch) {
              if (table === 'deals' && !db.contacts[w.record.contact_key]) { results.push({ key: w.key, deferred: 'contact not there yet' }); continue; }
              db[table][w.key] = w.record;
              results.push({ key: w.key, sinkId: table + ':' + w.key });
            }
            save(db);
            return results;
          },
          async readBack(keys) {
            const db = load();
            return new Map(keys.filter((k) => db[table][k]).map((k) => [k, db[table][k]]));
          },
        };
        object.merge = async (survivor, absorbed) => {
          const db = load();
          const a = db[table][absorbed];
          if (!a) return 'absent';
          const s = db[table][survivor];
          const outcome = s ? 'merged' : 'rekeyed';
          const merged = { ...a, ...Object.fromEntries(Object.entries(s ?? {}).filter(([, v]) => v !== null && v !== '')), contact_key: survivor };
          delete db[table][absorbed];
          db[table][survivor] = merged;
          for (const deal of Object.values(db.deals)) if (deal.contact_key === absorbed) deal.contact_key = survivor;
          db.merges.push({ survivor, absorbed, outcome });
          save(db);
          return outcome;
        };
        return object;
      },
    };
  },
};

export default definePlugin({ source, sink });
`);
}
