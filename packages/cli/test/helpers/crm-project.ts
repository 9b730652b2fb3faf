import type { Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator as startShopify, type RunningShopifyEmulator } from '@datong/plugin-shopify/emulator';
import { startEmulator as startHubspot, type HubSpotEmulator } from '@datong/plugin-hubspot/emulator';
import type { CliResult } from './cli-process.js';
import { runInProcess } from './cli-in-process.js';
import { workDir } from './work-dir.js';

/** A project `datong init` made, wired to a Shopify and a HubSpot emulator on 127.0.0.1. */
export interface CrmProject { dir: string; pipeline: string; shop: RunningShopifyEmulator; crm: HubSpotEmulator; outputs: string[] }

/** Starts both emulators (closed at the test's end), runs `datong init` and writes the `.env` that points at them. */
export async function crmProject(
  t: Test, name: string,
  options: { oauth?: boolean; crmSettings?: Record<string, unknown>; crmFaults?: Record<string, unknown>; customers?: number; orders?: number } = {},
): Promise<CrmProject> {
  const shop = await startShopify({ seed: 11, customers: options.customers ?? 25, orders: options.orders ?? 60, restoreRate: 1000 });
  const crm = await startHubspot({ seed: 11, settings: options.crmSettings, faults: options.crmFaults });
  t.teardown(() => shop.close());
  t.teardown(() => crm.close());
  const dir = join(workDir(t, name), 'project');
  const init = await runInProcess(['init', dir]);
  t.equal(init.code, 0, `datong init (stderr: ${init.stderr})`);
  const env = [
    `SHOPIFY_SHOP=${shop.credentials.shop}`,
    `SHOPIFY_BASE_URL=${shop.url}`,
    `SHOPIFY_ACCESS_TOKEN=${shop.credentials.accessToken}`,
    `HUBSPOT_BASE_URL=${crm.url}`,
    `HUBSPOT_ACCESS_TOKEN=${crm.credentials.accessToken}`,
    `HUBSPOT_CLIENT_SECRET=${crm.credentials.clientSecret}`,
    `HUBSPOT_REFRESH_TOKEN=${crm.credentials.refreshToken}`,
  ];
  writeFileSync(join(dir, '.env'), `${env.join('\n')}\n`);
  const pipeline = join(dir, 'pipeline.yaml');
  if (options.oauth) {
    // The CRM through OAuth: no access token at all, a refresh token that the sink exchanges.
    const text = readFileSync(pipeline, 'utf8').replace(
      '      accessToken: { env: HUBSPOT_ACCESS_TOKEN }',
      `      clientId: "${crm.credentials.clientId}"\n      clientSecret: { env: HUBSPOT_CLIENT_SECRET }\n      refreshToken: { env: HUBSPOT_REFRESH_TOKEN }`,
    );
    writeFileSync(pipeline, text);
  }
  return { dir, pipeline, shop, crm, outputs: [] };
}

/** Runs `datong` in the project on the embedded store, whatever DATABASE_URL says, keeping what it printed. */
export function datongIn(p: CrmProject, ...args: string[]): Promise<CliResult> {
  return datongWith(p, {}, ...args);
}

/** `datongIn` with more environment: an operator's `DATONG_ACTOR`, an alert secret. */
export async function datongWith(p: CrmProject, env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  // In this process (see runInProcess); the variable is emptied rather than left out.
  const r = await runInProcess(args, { env: { DATABASE_URL: '', ...env }, cwd: p.dir });
  p.outputs.push(r.stdout, r.stderr);
  return r;
}

/** One stage of a `--json` run summary. */
export function stageOf(summary: Record<string, any>, name: string): Record<string, any> {
  return summary.stages.find((s: { name: string }) => s.name === name);
}

/** Changes the shop: some orders and customers modified, a few added. */
export async function mutateShop(p: CrmProject, change: { orders?: number; customers?: number }) {
  return (await fetch(`${p.shop.url}/_emulator/mutate`, { method: 'POST', body: JSON.stringify(change) }).then((r) => r.json())) as {
    ordersChanged: string[]; ordersAdded: string[]; customersChanged: string[]; customersAdded: string[];
  };
}
