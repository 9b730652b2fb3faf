import { UpstreamError, WindowTooWide, pagesBackwards, readTimeWindows, type SourceStream } from '@datong/sdk';
import refundSchema from '../../contracts/refund.schema.json' with { type: 'json' };
import type { JdClient } from '../jd-client.js';
import type { ResolvedJdConfig } from '../jd-config.js';
import { formatJdTime } from '../jd-time.js';
import { refetchingRepeats } from './page-guard.js';
import { toRefundRecord, type JdRefundApply } from './refund-record.js';

const DAY = 86_400_000;
const METHOD = 'jingdong.pop.afs.soa.refundapply.queryPageList';
/** pageIndex runs 1–100 (JOS SDK parameter docs): a window with more pages is split. */
const MAX_PAGES = 100;

interface QueryResult {
  success?: boolean;
  totalCount?: number | string;
  result?: JdRefundApply[];
  errorCode?: string;
  errorMessage?: string;
}

/**
 * One page of refund applications applied for (`by: 'apply'`) or reviewed (`by: 'check'`) in
 * [from, to), whole seconds, both bounds included (UNCONFIRMED).
 */
export async function searchRefunds(client: JdClient, config: ResolvedJdConfig, by: 'apply' | 'check', from: number, to: number, page: number): Promise<{ items: JdRefundApply[]; total: number }> {
  const first = Math.ceil(from / 1000);
  const last = Math.ceil(to / 1000) - 1;
  if (last < first) return { items: [], total: 0 };
  const body = await client.call<{ queryResult?: QueryResult }>(METHOD, {
    [`${by}TimeStart`]: formatJdTime(first * 1000),
    [`${by}TimeEnd`]: formatJdTime(last * 1000),
    pageIndex: String(page),
    pageSize: String(config.pageSize),
  });
  const result = body.queryResult;
  if (result?.success === false) {
    throw new UpstreamError(`jd refused ${METHOD} for ${by} time ${formatJdTime(from)}..${formatJdTime(to)} page ${page}: ${result.errorMessage ?? 'no reason given'} (${result.errorCode ?? '?'})`, {
      platformCode: result.errorCode, code: 'UPSTREAM_REJECTED', retryable: false,
    });
  }
  const total = Number(result?.totalCount ?? 0);
  if (total > MAX_PAGES * config.pageSize) throw new WindowTooWide(`${total} refund applications in one window: more than ${MAX_PAGES} pages`);
  return { items: result?.result ?? [], total };
}

/**
 * The `refunds` stream: refund applications (退款审核单) by time window, each window read twice —
 * applications made in it, then applications reviewed in it — so a new application and its review
 * both arrive. JD also documents an update-time condition whose parameter names could not be
 * confirmed: a change that moves neither time is only seen by a full refresh.
 */
export function refundsStream(client: JdClient, config: ResolvedJdConfig): SourceStream {
  return {
    spec: { name: 'refunds', schema: refundSchema, key: ['refund_id'], cursorField: 'updated_at' },
    async *read(options) {
      // One cheap call first, so "now" is the gateway's.
      await searchRefunds(client, config, 'apply', client.clock.now() - 60_000, client.clock.now() - 1000, 1);
      const now = client.clock.now();
      yield* readTimeWindows<JdRefundApply>({
        state: options.state,
        fullRefresh: options.fullRefresh,
        batchSize: options.batchSize,
        now,
        start: config.startDate ?? now - config.lookbackDays * DAY,
        lookbackMs: config.lookbackDays * DAY,
        maxWindowMs: config.windowHours * 3600_000,
        lagMs: config.lagSeconds * 1000,
        fetchWindow: async function* (from, to) {
          const id = (r: JdRefundApply) => `${String(r.id)}@${r.modified ?? ''}@${String(r.status)}`;
          yield* pagesBackwards(refetchingRepeats((page) => searchRefunds(client, config, 'apply', from, to, page), id), config.pageSize);
          yield* pagesBackwards(refetchingRepeats((page) => searchRefunds(client, config, 'check', from, to, page), id), config.pageSize);
        },
        toRecord: (r) => toRefundRecord(r) as unknown as Record<string, unknown>,
        identity: (r) => `${String(r.id)}@${r.modified ?? ''}@${r.checkTime ?? ''}@${String(r.status)}`,
      });
    },
  };
}
