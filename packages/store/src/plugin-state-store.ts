import { sql, type Kysely } from 'kysely';
import type { PluginState } from '@datong/sdk';
import type { SecretBox } from './secret-box.js';
import type { StoreTables } from './tables.js';

/**
 * The `PluginState` a plugin gets from the engine: rows of `plugin_state` for one pipeline and
 * one source or sink (`scope`, e.g. `sources.shop`), secrets sealed by the store's SecretBox.
 */
export class PluginStateStore implements PluginState {
  constructor(
    private readonly db: Kysely<StoreTables>,
    /** Made on first use, so a pipeline that keeps no secret never creates a key file. */
    private readonly box: () => SecretBox,
    private readonly pipeline: string,
    private readonly scope: string,
  ) {}

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const row = await this.row(key);
    return (row?.value ?? undefined) as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.upsert(key, { value: JSON.stringify(value ?? null) });
  }

  async getSecret(key: string): Promise<string | undefined> {
    const row = await this.row(key);
    return row?.secret ? this.box().open(row.secret, this.context(key)) : undefined;
  }

  async setSecret(key: string, value: string): Promise<void> {
    await this.upsert(key, { secret: this.box().seal(value, this.context(key)) });
  }

  private context(key: string): string {
    return `${this.pipeline}/${this.scope}/${key}`;
  }

  private row(key: string) {
    return this.db.selectFrom('plugin_state').select(['value', 'secret'])
      .where('pipeline', '=', this.pipeline).where('scope', '=', this.scope).where('key', '=', key)
      .executeTakeFirst();
  }

  private async upsert(key: string, set: { value?: string; secret?: string }): Promise<void> {
    await this.db.insertInto('plugin_state')
      .values({ pipeline: this.pipeline, scope: this.scope, key, value: set.value ?? null, secret: set.secret ?? null })
      .onConflict((oc) => oc.columns(['pipeline', 'scope', 'key']).doUpdateSet({
        ...(set.value === undefined ? {} : { value: set.value }),
        ...(set.secret === undefined ? {} : { secret: set.secret }),
        updated_at: sql`now()`,
      }))
      .execute();
  }
}
