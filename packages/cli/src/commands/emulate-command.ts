import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPlugin } from '@datong/core';
import { ConfigError } from '@datong/sdk';
import { parseFaults, type RunningEmulator } from '@datong/sdk/emulator';
import { ExitCode } from '../exit-codes.js';
import { pluginName } from './discover-command.js';

/**
 * `datong emulate <platform>`: runs a plugin's platform emulator in the foreground for acceptance
 * testing, printing its base URL and the credentials it accepts, until Ctrl-C.
 */
export async function emulateCommand(
  platform: string,
  flags: { port?: string; seed?: string; faults?: string; set?: string; from?: string; json?: boolean; writeEnv?: string },
  until: Promise<unknown> = new Promise((done) => { process.once('SIGINT', done); process.once('SIGTERM', done); }),
  /** Called once it listens (the demo uses it to drive the emulator while it runs). */
  onReady?: (running: RunningEmulator) => void,
): Promise<number> {
  const name = pluginName(platform);
  const plugin = await loadPlugin(name, resolve(flags.from ?? process.cwd()), { pointer: '' });
  const module = await plugin.emulator();
  if (!module) throw new ConfigError([{ message: `${name} ships no emulator (no "./emulator" export in its package.json)` }]);
  let faults;
  try {
    faults = flags.faults ? parseFaults(flags.faults) : undefined;
  } catch (error) {
    throw new ConfigError([{ pointer: '--faults', message: (error as Error).message }]);
  }
  let settings: Record<string, unknown> = {};
  try {
    settings = flags.set ? parseSettings(flags.set) : {};
  } catch (error) {
    throw new ConfigError([{ pointer: '--set', message: (error as Error).message }]);
  }
  const running = await module.startEmulator({
    ...settings,
    port: flags.port === undefined ? 0 : Number(flags.port),
    seed: flags.seed === undefined ? undefined : Number(flags.seed),
    faults,
  });
  const env = envLines(module.platform, running.url, running.credentials);
  if (flags.writeEnv) writeEnvFile(resolve(flags.writeEnv), env);
  if (flags.json) process.stdout.write(`${JSON.stringify({ platform: module.platform, url: running.url, credentials: running.credentials, faults: faults ?? {} })}\n`);
  else {
    const lines = [
      `${module.platform} emulator listening on ${running.url}`,
      'credentials it accepts:',
      ...Object.entries(running.credentials).map(([k, v]) => `  ${k}: ${v}`),
      flags.writeEnv ? `written to ${flags.writeEnv}: ${Object.keys(env).join(', ')}` : `as .env lines (--write-env <file> writes them):\n${Object.entries(env).map(([k, v]) => `  ${k}=${v}`).join('\n')}`,
      `faults: ${faults ? JSON.stringify(faults) : 'none'} (change them: POST ${running.url}/_emulator/faults)`,
      `request log: GET ${running.url}/_emulator/requests`,
      'Ctrl-C stops it.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  onReady?.(running);
  await until;
  await running.close();
  return ExitCode.ok;
}

/** `shopify` + `{accessToken}` → `SHOPIFY_ACCESS_TOKEN`, plus `SHOPIFY_BASE_URL`: the names `datong init` projects read. */
function envLines(platform: string, url: string, credentials: Record<string, string>): Record<string, string> {
  const prefix = platform.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const out: Record<string, string> = { [`${prefix}_BASE_URL`]: url };
  for (const [k, v] of Object.entries(credentials)) {
    if (k === 'baseUrl') continue;
    out[`${prefix}_${k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`] = v;
  }
  return out;
}

/** Sets these variables in an .env file, keeping its other lines. */
function writeEnvFile(file: string, values: Record<string, string>): void {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : [];
  const kept = lines.filter((l) => !Object.keys(values).some((k) => l.startsWith(`${k}=`)));
  writeFileSync(file, `${[...kept, ...Object.entries(values).map(([k, v]) => `${k}=${v}`)].join('\n')}\n`, { mode: 0o600 });
  // It now holds credentials: owner-only, even if it existed with a wider mode.
  chmodSync(file, 0o600);
}

/** `restoreRate=1000,throttleHttpStatus=429` → `{ restoreRate: 1000, throttleHttpStatus: 429 }`. */
function parseSettings(spec: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`"${part}" is not name=value`);
    const raw = part.slice(eq + 1);
    out[part.slice(0, eq)] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
