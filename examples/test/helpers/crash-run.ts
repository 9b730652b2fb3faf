import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The datong binary the examples depend on, as a user's project would run it. */
const BIN = join(dirname(fileURLToPath(import.meta.resolve('@datong/cli'))), 'bin.js');

export interface KilledRun {
  /** The fault point the run announced reaching, if it did. */
  faultReached?: string;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/**
 * `datong <args>` in a child process that kills itself (SIGKILL) at the fault point `fault`
 * (`after-sink-write:1`: after the sink took the first batch, before datong committed it): the
 * crash the write protocol must survive, on the embedded store.
 */
export function runUntilFault(dir: string, fault: string, ...args: string[]): Promise<KilledRun> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATONG_FAULT: fault, DATONG_FAULT_ACTION: 'exit', DATABASE_URL: '' };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code, signal) => {
      const reached = /datong-fault: reached (\S+)/.exec(stderr)?.[1];
      resolve({ code, signal, stderr, ...(reached === undefined ? {} : { faultReached: reached }) });
    });
  });
}
