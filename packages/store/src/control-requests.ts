import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An operator's request to a process that holds the embedded store (a running sync, the daemon). */
export interface ControlRequest {
  pipeline: string;
  action: 'pause' | 'resume';
  actor: string;
  reason?: string;
  at: string;
}

/**
 * Requests to the holder of the embedded store. Only one process may open PGlite, so `datong
 * pause` cannot write the pause into the store while a sync runs: it leaves a request file in
 * `.datong/control/`, and the holder applies it at its next batch boundary (recording it in the
 * store, with its actor) and removes the file. With a Postgres store the commands write the store
 * directly and no file is needed.
 */
export class ControlRequests {
  constructor(private readonly dir: string) {}

  private get folder(): string {
    return join(this.dir, 'control');
  }

  /** Leaves a request (written atomically: a half-written file is never read). */
  put(request: ControlRequest): string {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    const path = join(this.folder, `${encodeURIComponent(request.pipeline)}.json`);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(request), { mode: 0o600 });
    renameSync(tmp, path);
    return path;
  }

  /** The request waiting for a pipeline, if any. */
  peek(pipeline: string): ControlRequest | undefined {
    try {
      return JSON.parse(readFileSync(join(this.folder, `${encodeURIComponent(pipeline)}.json`), 'utf8')) as ControlRequest;
    } catch {
      return undefined;
    }
  }

  /** Every waiting request. */
  all(): ControlRequest[] {
    let names: string[];
    try {
      names = readdirSync(this.folder).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    return names.map((n) => this.peek(decodeURIComponent(n.slice(0, -'.json'.length)))).filter((r): r is ControlRequest => r !== undefined);
  }

  /** Removes a request once applied (only if it is still the same one). */
  done(request: ControlRequest): void {
    const current = this.peek(request.pipeline);
    if (current && current.at === request.at && current.action === request.action) {
      rmSync(join(this.folder, `${encodeURIComponent(request.pipeline)}.json`), { force: true });
    }
  }
}
