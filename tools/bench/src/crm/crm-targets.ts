import type { CrmTarget } from './crm-target.js';
import { hubspotTarget } from './hubspot-target.js';

/** The CRM sinks whose rate limit is documented, each against its emulator at that limit. */
export const CRM_TARGETS: readonly CrmTarget[] = [hubspotTarget];

/** Sinks left out of the CRM section, and why: their limits are not documented. */
export const CRM_NOT_MEASURED: readonly string[] = [];
