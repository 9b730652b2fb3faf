/** The CRM section of `pnpm bench` (`pnpm bench --only crm` runs it alone). */
import { benchCrm, type CrmResult } from './crm-bench.js';
import { CRM_TARGETS } from './crm-targets.js';

export async function runCrmSection(only?: string[]): Promise<CrmResult[]> {
  const results: CrmResult[] = [];
  for (const target of CRM_TARGETS.filter((t) => only === undefined || only.includes(t.id))) {
    console.log(`crm ${target.title}: writing ${target.records.toLocaleString('en-US')} records at ${target.limit.perWindow} requests / ${target.limit.windowMs / 1000} s…`);
    const result = await benchCrm(target);
    console.log(result.status === 'ok' ? `  ${result.ratio!.recordsPerSecond.toFixed(1)} records/s, ${result.ratio!.ofWhatIsLeft.toFixed(2)} of what the limit leaves for writes` : `  FAILED: ${result.note}`);
    results.push(result);
  }
  return results;
}
