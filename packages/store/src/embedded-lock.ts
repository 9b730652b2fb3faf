import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreError } from '@datong/sdk';
import { processAlive } from './process-alive.js';

/** Who holds the embedded store. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/**
 * The embedded store is single-user (PGlite), so one process at a time may open it. The lock is a
 * file created exclusively beside the data; a second process reads who holds it and says so.
 * A lock left by a process that no longer exists on this host (a crash, a SIGKILL) is taken over.
 */
export class EmbeddedLock {
  private constructor(private readonly path: string) {}

  static acquire(path: string, command: string): EmbeddedLock {
    const me: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, JSON.stringify(me));
        closeSync(fd);
        return new EmbeddedLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new StoreError(`cannot create the store lock ${path}: ${(error as Error).message}`, { cause: error });
        }
        const holder = readHolder(path);
        if (holder && processAlive(holder.pid, holder.host)) {
          throw new StoreError(
            `the embedded store is in use by pid ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since}); ` +
              `it can be opened by one process at a time — wait for it, or set DATABASE_URL to share a Postgres store`,
            { code: 'STORE_LOCKED' },
          );
        }
        rmSync(path, { force: true });
      }
    }
    throw new StoreError(`cannot take the store lock ${path}`, { code: 'STORE_LOCKED' });
  }

  /** Who holds the lock at `path`, if anyone alive does. */
  static holder(path: string): LockHolder | undefined {
    const holder = readHolder(path);
    return holder && processAlive(holder.pid, holder.host) ? holder : undefined;
  }

  release(): void {
    const holder = readHolder(this.path);
    if (holder?.pid === process.pid) rmSync(this.path, { force: true });
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    // Unreadable or half-written by a process killed mid-write: nobody valid holds it.
    return undefined;
  }
}
