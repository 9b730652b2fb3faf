import { defineSink } from '@datong/sdk';
import { checkUrl } from './check-url.js';
import { connectionSecrets } from './classify-pg-error.js';
import { configError } from './config-error.js';
import type { PostgresSinkConfig } from './generated/sink-config.js';
import { PgClient } from './pg-client.js';
import { PostgresSinkConnection, type SinkTarget } from './postgres-sink-connection.js';
import { checkIdentifier } from './table-ref.js';

/**
 * The Postgres sink: every object is a table, created from the object's record schema and
 * upserted by its key. With a `url` it writes to that server; without one, into the engine's
 * embedded database (`ctx.embeddedSql`), which exists when the state store is embedded.
 *
 * @example
 *   sinks: { warehouse: { plugin: '@datong/plugin-postgres', config: { url: { env: WAREHOUSE_URL }, schema: shop } } }
 */
export const postgresSink = defineSink<PostgresSinkConfig>({
  async open(config, ctx) {
    const schema = config.schema ?? 'public';
    checkIdentifier(schema, 'schema');
    let target: SinkTarget;
    if (config.url !== undefined) {
      checkUrl(config.url);
      target = { kind: 'server', pg: new PgClient(config.url, ctx.logger), secrets: connectionSecrets(config.url) };
    } else if (ctx.embeddedSql !== undefined) {
      target = { kind: 'embedded', sql: ctx.embeddedSql };
    } else {
      throw configError(
        'no url: the sink writes into the embedded database only when the state store is embedded; give it a url of a Postgres server',
        '/url',
      );
    }
    return new PostgresSinkConnection(target, schema, config.table_prefix ?? '', ctx.logger);
  },
});
