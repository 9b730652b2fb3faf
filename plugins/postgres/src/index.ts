import { definePlugin } from '@datong/sdk';
import { postgresSink } from './postgres-sink.js';
import { postgresSource } from './postgres-source.js';

export type { PostgresSinkConfig } from './generated/sink-config.js';
export type { PostgresSourceConfig, PostgresStreamConfig } from './generated/source-config.js';
export { postgresSink, postgresSource };

/** Postgres as a sink (tables upserted by key) and as a source (tables read by key or cursor). */
export default definePlugin({ source: postgresSource, sink: postgresSink });
