/** The least a SQL database must offer a plugin: parameterised queries and transactions. */
export interface SqlClient {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}
