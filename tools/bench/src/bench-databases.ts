import pg from 'pg';
import { ORDERS_DDL, ORDERS_TABLE } from './orders-table.js';
import { tableChecksum, tableDifferences, type TableChecksum } from './table-checksum.js';

const WAREHOUSE_DB = 'datong_bench';
const STATE_DB = 'datong_bench_state';
/** Where the first correct contender's rows are kept, to show what a later one got wrong. */
export const REFERENCE_TABLE = 'orders_reference';

/**
 * The bench's two databases on the server DATABASE_URL points at: the warehouse every contender
 * writes `orders` into, and the state store datong alone uses. Both are the bench's own and
 * are dropped and recreated freely.
 */
export class BenchDatabases {
  readonly warehouseUrl: string;
  readonly stateUrl: string;

  private constructor(
    private readonly admin: pg.Client,
    private readonly warehouse: pg.Client,
    serverUrl: string,
  ) {
    this.warehouseUrl = withDatabase(serverUrl, WAREHOUSE_DB);
    this.stateUrl = withDatabase(serverUrl, STATE_DB);
  }

  /** Recreates the warehouse database, so nothing from an earlier bench run is left in it. */
  static async open(serverUrl: string): Promise<BenchDatabases> {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await recreateDatabase(admin, WAREHOUSE_DB);
    const warehouse = new pg.Client({ connectionString: withDatabase(serverUrl, WAREHOUSE_DB) });
    await warehouse.connect();
    return new BenchDatabases(admin, warehouse, serverUrl);
  }

  /**
   * An empty `orders`, then a checkpoint, so the previous contender's dirty pages are not
   * written out on the next one's time.
   */
  async resetOrders(): Promise<void> {
    await this.warehouse.query(`DROP TABLE IF EXISTS ${ORDERS_TABLE}`);
    await this.warehouse.query(ORDERS_DDL);
    await this.warehouse.query('CHECKPOINT');
  }

  /** A state store with no runs in it: datong's first run must not find earlier state. */
  async resetState(): Promise<void> {
    await recreateDatabase(this.admin, STATE_DB);
  }

  checksum(): Promise<TableChecksum> {
    return tableChecksum(this.warehouse);
  }

  /** A copy, not a rename: datong's rerun still needs its `orders` after this. */
  async keepAsReference(): Promise<void> {
    await this.warehouse.query(`DROP TABLE IF EXISTS ${REFERENCE_TABLE}`);
    await this.warehouse.query(`CREATE TABLE ${REFERENCE_TABLE} AS TABLE ${ORDERS_TABLE}`);
    await this.warehouse.query(`ALTER TABLE ${REFERENCE_TABLE} ADD PRIMARY KEY (order_id)`);
  }

  differencesFromReference(): ReturnType<typeof tableDifferences> {
    return tableDifferences(this.warehouse, REFERENCE_TABLE);
  }

  async serverInfo(): Promise<Record<string, string>> {
    const names = ['server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'max_wal_size'];
    const { rows } = await this.admin.query<{ name: string; setting: string }>(
      'SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name',
      [names],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  }

  async close(): Promise<void> {
    await this.warehouse.end();
    await this.admin.end();
  }
}

async function recreateDatabase(admin: pg.Client, name: string): Promise<void> {
  // FORCE ends sessions a killed contender may have left behind.
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
