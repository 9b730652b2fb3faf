import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATONG_BIN, DIST_DIR } from './bench-paths.js';

export type ContenderId = 'a' | 'b' | 'c' | 'd';

export interface Contender {
  id: ContenderId;
  name: string;
  /** The script the child process runs. */
  script: string;
  datong: boolean;
}

export const CONTENDERS: readonly Contender[] = [
  { id: 'a', name: 'datong', script: DATONG_BIN, datong: true },
  { id: 'b', name: 'COPY + ON CONFLICT (limit)', script: join(DIST_DIR, 'contender-copy.js'), datong: false },
  { id: 'c', name: 'pg-promise', script: join(DIST_DIR, 'contender-pg-promise.js'), datong: false },
  { id: 'd', name: 'etl', script: join(DIST_DIR, 'contender-etl.js'), datong: false },
];

/** datong's CLI is built by packages/cli; until it is, the bench runs without it. */
export function datongAvailable(): boolean {
  return existsSync(DATONG_BIN);
}
