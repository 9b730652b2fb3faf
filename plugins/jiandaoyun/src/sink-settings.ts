import { ConfigError } from '@datong/sdk';
import type { JiandaoyunConfig } from './generated/config.js';

/** Where the API is when the config names no baseUrl (OFFICIAL 11261). */
export const DEFAULT_BASE_URL = 'https://api.jiandaoyun.com';

/** The objects the sink writes, each to a form of its own. */
export const OBJECTS = ['customers', 'orders'] as const;
export type ObjectName = (typeof OBJECTS)[number];

/** Requests per second per API key: documented (global, list, batchCreate) or chosen (the rest, UNCONFIRMED). */
export interface RateLimits {
  global: number;
  list: number;
  batchCreate: number;
  update: number;
  delete: number;
  widgets: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { global: 50, list: 30, batchCreate: 10, update: 20, delete: 20, widgets: 10 };

export type FormConfig = NonNullable<NonNullable<JiandaoyunConfig['forms']>['customers']>;

/** The config with its defaults filled in and checked beyond what the schema can say. */
export interface SinkSettings {
  apiKey: string;
  baseUrl: string;
  forms: Partial<Record<ObjectName, FormConfig>>;
  rateLimits: RateLimits;
  concurrency: number;
  dataCreator?: string;
  startWorkflow: boolean;
}

export function sinkSettings(config: JiandaoyunConfig): SinkSettings {
  const problems: { pointer: string; message: string }[] = [];
  if (typeof config?.apiKey !== 'string' || config.apiKey === '') problems.push({ pointer: '/apiKey', message: 'apiKey is required: the Jiandaoyun API key, e.g. { env: JIANDAOYUN_API_KEY }' });
  const forms = config?.forms ?? {};
  for (const name of OBJECTS) {
    const form = forms[name];
    if (form === undefined) continue;
    for (const field of ['appId', 'entryId'] as const) {
      if (typeof form[field] !== 'string' || form[field] === '') problems.push({ pointer: `/forms/${name}/${field}`, message: `forms.${name}.${field} is required: the form's ${field === 'appId' ? 'app_id' : 'entry_id'}` });
    }
  }
  if (!forms.customers && !forms.orders) problems.push({ pointer: '/forms', message: 'forms needs customers or orders (or both): { appId, entryId } of the form to write' });
  const baseUrl = (config?.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '').replace(/\/api\/v5$/, '');
  if (!/^https?:\/\//.test(baseUrl)) problems.push({ pointer: '/baseUrl', message: `baseUrl must start with http:// or https://, not ${JSON.stringify(config.baseUrl)}` });
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    apiKey: config.apiKey,
    baseUrl,
    forms,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...config.rateLimits },
    concurrency: config.concurrency ?? 4,
    dataCreator: config.dataCreator,
    startWorkflow: config.startWorkflow ?? false,
  };
}
