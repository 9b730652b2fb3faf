import { resolve } from 'node:path';
import { loadPlugin } from '@datong/core';
import { ConfigError } from '@datong/sdk';
import { parseFaults } from '@datong/sdk/emulator';
import { ExitCode } from '../exit-codes.js';
import { pluginName } from './discover-command.js';

/**
 * `datong emulate <platform>`: runs a plugin's platform emulator in the foreground for acceptance
 * testing, printing its base URL and the credentials it accepts, until Ctrl-C.
 */
export async function emulateCommand(
  platform: string,
  flags: { port?: string; seed?: string; faults?: string; from?: string; json?: boolean },
  until: Promise<unknown> = new Promise((done) => { process.once('SIGINT', done); process.once('SIGTERM', done); }),
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
  const running = await module.startEmulator({
    port: flags.port === undefined ? 0 : Number(flags.port),
    seed: flags.seed === undefined ? undefined : Number(flags.seed),
    faults,
  });
  if (flags.json) process.stdout.write(`${JSON.stringify({ platform: module.platform, url: running.url, credentials: running.credentials, faults: faults ?? {} })}\n`);
  else {
    const lines = [
      `${module.platform} emulator listening on ${running.url}`,
      'credentials it accepts:',
      ...Object.entries(running.credentials).map(([k, v]) => `  ${k}: ${v}`),
      `faults: ${faults ? JSON.stringify(faults) : 'none'} (change them: POST ${running.url}/_emulator/faults)`,
      `request log: GET ${running.url}/_emulator/requests`,
      'Ctrl-C stops it.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  await until;
  await running.close();
  return ExitCode.ok;
}
