// The etl package ships no types; this covers the parts contender-etl uses.
declare module 'etl' {
  import type { Transform } from 'node:stream';
  import type { Pool } from 'pg';

  /** A streamz Transform in object mode; `promise()` resolves with what reached the end. */
  interface EtlStream extends Transform {
    promise(): Promise<unknown[]>;
  }

  /** What etl.file and etl.split push: the text plus __filename/__path/__line metadata. */
  interface TextPacket {
    text: string;
  }

  interface PostgresOptions {
    concurrency?: number;
    maxBuffer?: number;
    pushResult?: boolean;
  }

  interface Etl {
    file(path: string, options?: { encoding?: BufferEncoding }): EtlStream;
    split(symbol?: string): EtlStream;
    /** Returning undefined pushes nothing. */
    map<In, Out>(fn: (packet: In) => Out | undefined): EtlStream;
    collect(count: number, maxDuration?: number, maxTextLength?: number): EtlStream;
    postgres: {
      upsert(pool: Pool, schema: string, table: string, options?: PostgresOptions): EtlStream;
    };
  }

  const etl: Etl;
  export default etl;
  export type { EtlStream, TextPacket };
}
