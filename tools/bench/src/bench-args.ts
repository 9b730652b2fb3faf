import { parseArgs } from 'node:util';
import { CONTENDERS, type ContenderId } from './contenders.js';

export interface BenchArgs {
  records: number;
  contenders: ContenderId[];
  skipRssScaling: boolean;
  /** Which sections run: the Postgres upsert against its baselines, the CRM sinks at their limits. */
  sections: ('postgres' | 'crm')[];
  /** CRM targets to run (ids); all when undefined. */
  crm?: string[];
}

const USAGE = 'usage: node tools/bench/dist/bench.js [--records N] [--contenders a,b,c,d] [--skip-rss-scaling] [--only postgres|crm] [--crm hubspot,jiandaoyun,...]';

export function parseBenchArgs(argv: string[] = process.argv.slice(2)): BenchArgs {
  const { values } = parseArgs({
    // `pnpm bench -- --records N` passes the `--` through.
    args: argv.filter((arg) => arg !== '--'),
    options: {
      records: { type: 'string', default: '1000000' },
      contenders: { type: 'string', default: 'a,b,c,d' },
      'skip-rss-scaling': { type: 'boolean', default: false },
      only: { type: 'string' },
      crm: { type: 'string' },
    },
  });
  // Accept 1_000_000 and 1,000,000 as people write them.
  const records = Number(values.records.replace(/[_,]/g, ''));
  if (!Number.isInteger(records) || records < 1) throw new Error(`--records: not a positive integer\n${USAGE}`);
  const known = new Set<string>(CONTENDERS.map((c) => c.id));
  const contenders = values.contenders.split(',').map((id) => id.trim());
  const unknown = contenders.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`--contenders: unknown ${unknown.join(', ')}\n${USAGE}`);
  if (values.only !== undefined && values.only !== 'postgres' && values.only !== 'crm') throw new Error(`--only: postgres or crm\n${USAGE}`);
  const sections: BenchArgs['sections'] = values.only === undefined ? ['postgres', 'crm'] : [values.only];
  return {
    records,
    contenders: contenders as ContenderId[],
    skipRssScaling: values['skip-rss-scaling'],
    sections,
    ...(values.crm === undefined ? {} : { crm: values.crm.split(',').map((id) => id.trim()) }),
  };
}
