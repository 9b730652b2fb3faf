import { ConfigError } from '@datong/sdk';
import type { IdentityResolver } from '@datong/identity';
import { openIdentityResolver } from '@datong/core';
import { ExitCode } from '../exit-codes.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

/**
 * `datong identities <pipeline>`: how many persons the pipeline knows, how many of them were seen
 * on several channels, how many were merged, and the merges waiting for review.
 * `datong identities approve|reject <pipeline> <survivor> <absorbed>` decides a waiting merge: an
 * approved one is carried out in the CRM by the next run.
 */
export async function identitiesCommand(file: string, flags: { json?: boolean; state?: string }): Promise<number> {
  return withResolver(file, flags.state, 'datong identities', async (resolver) => {
    const stats = await resolver.stats();
    const reviews = await resolver.pendingReviews();
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ ...stats, reviews })}\n`);
      return ExitCode.ok;
    }
    process.stdout.write(`${stats.identities} person(s), ${stats.crossChannel} seen on more than one channel; ${stats.merged} identity merge(s) so far\n`);
    if (reviews.length === 0) process.stdout.write('no merge waits for review\n');
    else {
      process.stdout.write(`${reviews.length} merge(s) wait for review (approve or reject each):\n`);
      for (const r of reviews) {
        const [a, b] = [await resolver.golden(r.survivor), await resolver.golden(r.absorbed)];
        process.stdout.write(`  ${r.survivor} <- ${r.absorbed}\n    keeps:  ${summary(a)}\n    absorbs: ${summary(b)}\n`);
      }
    }
    return ExitCode.ok;
  });
}

/** `datong identities approve|reject <pipeline> <survivor> <absorbed>`. */
export async function identityDecisionCommand(decision: 'approve' | 'reject', file: string, survivor: string, absorbed: string, flags: { state?: string }): Promise<number> {
  return withResolver(file, flags.state, `datong identities ${decision}`, async (resolver) => {
    const waiting = await resolver.pendingReviews();
    if (!waiting.some((r) => r.survivor === survivor && r.absorbed === absorbed)) {
      throw new ConfigError([{ message: `no merge of ${absorbed} into ${survivor} waits for review (see: datong identities ${file})` }]);
    }
    if (decision === 'approve') {
      await resolver.approveMerge(survivor, absorbed);
      process.stdout.write(`approved: ${absorbed} is merged into ${survivor}; the next run merges their CRM records\n`);
    } else {
      await resolver.rejectMerge(survivor, absorbed);
      process.stdout.write(`rejected: ${survivor} and ${absorbed} stay two persons\n`);
    }
    return ExitCode.ok;
  });
}

async function withResolver(file: string, state: string | undefined, command: string, body: (resolver: IdentityResolver) => Promise<number>): Promise<number> {
  const p = await openPipeline(file);
  if (!p.identity) throw new ConfigError([{ file: p.loaded.file, message: 'this pipeline has no identity: rules, so it has no persons to show' }]);
  const store = await openPipelineStore(p, state, `${command} ${file}`);
  try {
    return await body(openIdentityResolver(p, store)!);
  } finally {
    await store.close();
  }
}

/** A person's golden record in one line, the fields people recognise first. */
function summary(golden: Record<string, unknown> | undefined): string {
  if (!golden) return '(unknown)';
  const shown = ['firstname', 'lastname', 'name', 'email', 'phone'].filter((f) => golden[f] !== undefined && golden[f] !== null).map((f) => `${f}=${String(golden[f])}`);
  return shown.length > 0 ? shown.join(' ') : JSON.stringify(golden).slice(0, 120);
}
