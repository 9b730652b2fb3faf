import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_ROOT, DIST_DIR } from './bench-paths.js';

const RSS_REPORTER = pathToFileURL(join(DIST_DIR, 'rss-reporter.js')).href;
const KEEP_OUTPUT_CHARS = 64 * 1024;

export interface MeasuredRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** From spawn to exit, Node's own start-up included (it is part of what a user waits for). */
  wallMs: number;
  /** Undefined when the process died before its exit handler ran. */
  peakRssBytes: number | undefined;
  /** The last JSON object the process printed on a line of its own. */
  summary: Record<string, unknown> | undefined;
  stdoutTail: string;
  stderrTail: string;
}

/** Runs `node <script> ...args` as a child with the RSS reporter preloaded, and times it. */
export async function runMeasured(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<MeasuredRun> {
  const scratch = await mkdtemp(join(tmpdir(), 'datong-bench-rss-'));
  const rssFile = join(scratch, 'maxrss');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', RSS_REPORTER, script, ...args], {
      cwd: BENCH_ROOT,
      env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout = tail(stdout + text)));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = tail(stderr + text)));
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code, sig) => resolve([code, sig]));
      },
    );
    const wallMs = performance.now() - started;
    return {
      exitCode,
      signal,
      wallMs,
      peakRssBytes: await readMaxRss(rssFile),
      summary: lastJsonObject(stdout),
      stdoutTail: stdout,
      stderrTail: stderr,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function tail(text: string): string {
  return text.length > KEEP_OUTPUT_CHARS ? text.slice(-KEEP_OUTPUT_CHARS) : text;
}

async function readMaxRss(path: string): Promise<number | undefined> {
  try {
    // ru_maxrss is in kilobytes on Linux.
    return Number(await readFile(path, 'utf8')) * 1024;
  } catch {
    return undefined;
  }
}

function lastJsonObject(stdout: string): Record<string, unknown> | undefined {
  const lines = stdout.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const parsed = parseObject(lines[i] ?? '');
    if (parsed !== undefined) return parsed;
  }
  // A pretty-printed summary spans lines; then the whole output may be the one object.
  return parseObject(stdout);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
