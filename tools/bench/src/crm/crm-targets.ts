import type { CrmTarget } from './crm-target.js';
import { hubspotTarget } from './hubspot-target.js';
import { jiandaoyunTarget } from './jiandaoyun-target.js';
import { yonbipTarget } from './yonbip-target.js';

/** The CRM sinks whose rate limit is documented, each against its emulator at that limit. */
export const CRM_TARGETS: readonly CrmTarget[] = [hubspotTarget, jiandaoyunTarget, yonbipTarget];

/** Sinks left out of the CRM section, and why: their limits are not documented. */
export const CRM_NOT_MEASURED: readonly string[] = [
  'Salesforce: only a 24-hour total is documented (plus Bulk API 2.0 for large loads), no per-second rate',
  'Zoho CRM: credits per day and a concurrency cap, no documented per-window rate',
  'Xiaoshouyi: "frequency-limited", no number published',
  'Kingdee Cloud Galaxy: only the throttle answer (MsgCode 14) is documented, no number',
  'Yonyou U8 OpenAPI: no rate limit published',
  'YonBIP customers: only the sales-order quota is published',
];
