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
export function runCli(args: string[], options: CliOptions & { killAtFault?: string } = {}): Promise<CliResult> {
  return startCli(args, { ...options, fault: options.killAtFault, onFault: 'kill' }).result;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Starts `datong` as a child process. With `fault`, the process stops at that fault point:
 * killed there with SIGKILL (`onFault: 'kill'`), or left frozen there (`'hold'`) until `kill()`.
 */
export function startCli(args: string[], options: CliOptions & { fault?: string; onFault?: 'kill' | 'hold' } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, FORCE_COLOR: '0' };
  if (options.fault) env.DATONG_FAULT = options.fault;
  else delete env.DATONG_FAULT;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let faultReached: string | undefined;
  let announce: (point: string) => void = () => undefined;
  const reached = new Promise<string>((resolve) => (announce = resolve));
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    const hit = /datong-fault: reached (\S+)/.exec(stderr);
    if (hit && !faultReached) {
      faultReached = hit[1]!;
      if (options.onFault !== 'hold') child.kill('SIGKILL');
      announce(faultReached);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, faultReached });
    });
  });
  return { result, reached, kill: () => child.kill('SIGKILL') };
}

/** The JSON run summary a `--json` run printed last on stdout. */
export function summaryOf(result: CliResult): Record<string, any> {
  const line = result.stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON summary; stderr:\n${result.stderr}`);
  return JSON.parse(line) as Record<string, any>;
}
