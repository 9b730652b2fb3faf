import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `datong` command, as a user runs it. */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The fault point the process announced it reached, if any. */
  faultReached?: string;
}

/**
 * Runs `datong` as a child process. With `killAtFault`, sets DATONG_FAULT to that point, waits
 * for the process to announce it reached it, and kills it there with SIGKILL.
 */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; killAtFault?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, FORCE_COLOR: '0' };
  if (options.killAtFault) env.DATONG_FAULT = options.killAtFault;
  else delete env.DATONG_FAULT;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let faultReached: string | undefined;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    const hit = /datong-fault: reached (\S+)/.exec(stderr);
    if (hit && !faultReached) {
      faultReached = hit[1];
      child.kill('SIGKILL');
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, faultReached });
    });
  });
}

/** The JSON run summary a `--json` run printed last on stdout. */
export function summaryOf(result: CliResult): Record<string, any> {
  const line = result.stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON summary; stderr:\n${result.stderr}`);
  return JSON.parse(line) as Record<string, any>;
}
