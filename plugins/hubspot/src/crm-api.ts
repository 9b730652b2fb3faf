import type { HttpClient } from '@datong/sdk';
import { HubSpotError, type HubSpotErrorBody } from './hubspot-error.js';

/** HubSpot's most inputs per batch call (read, upsert, archive, associations). */
export const BATCH_SIZE = 100;

/** A CRM record as the v3 objects API returns it; HubSpot gives every property value as text. */
export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
  new?: boolean;
}

/** A property definition, the part of it the sink reads. */
export interface PropertyInfo {
  name: string;
  type: string;
  hasUniqueValue?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean };
}

/** The answer of a batch call: what succeeded, and (with HTTP 207) what did not. */
export interface BatchAnswer<T> {
  results: T[];
  errors: HubSpotErrorBody[];
}

/** One page of a list: its records and, when more follow, the opaque cursor of the next page. */
export interface ListPage {
  results: CrmRecord[];
  after?: string;
}

/** HubSpot's most records per page of a list. */
const LIST_LIMIT = 100;

export interface UpsertInput {
  idProperty: string;
  id: string;
  properties: Record<string, string>;
}

/** The HubSpot CRM v3/v4 calls the sink makes, typed; nothing about batching or retries. */
export class CrmApi {
  constructor(private readonly http: HttpClient) {}

  /** `GET /crm/v3/objects/{type}?limit=1`: proves the token and the read scope. */
  async probe(type: string): Promise<void> {
    await this.http.request({ path: `/crm/v3/objects/${type}`, query: { limit: 1, archived: false } });
  }

  async upsert(type: string, inputs: UpsertInput[]): Promise<BatchAnswer<CrmRecord>> {
    return answer(await this.http.request({ method: 'POST', path: `/crm/v3/objects/${type}/batch/upsert`, json: { inputs } }));
  }

  /** Records by a unique property (idProperty) or, without it, by record id. Missing ones come back as errors. */
  async read(type: string, ids: string[], properties: string[], idProperty?: string): Promise<BatchAnswer<CrmRecord>> {
    const json = { ...(idProperty ? { idProperty } : {}), inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory: [] };
    return answer(await this.http.request({ method: 'POST', path: `/crm/v3/objects/${type}/batch/read`, query: { archived: false }, json }));
  }

  /**
   * `GET /crm/v3/objects/{type}?limit=100&after&properties`: one page of the live (not archived)
   * records with these properties; `after` is the `paging.next.after` of the page before.
   */
  async list(type: string, properties: string[], after?: string): Promise<ListPage> {
    const query = { limit: LIST_LIMIT, archived: false, properties: properties.join(','), after };
    const body = (await this.http.request({ path: `/crm/v3/objects/${type}`, query })).json<{ results?: CrmRecord[]; paging?: { next?: { after?: string } } }>();
    return { results: body.results ?? [], after: body.paging?.next?.after };
  }

  /** `PATCH /crm/v3/objects/{type}/{id}`: sets these properties of one record. */
  async update(type: string, id: string, properties: Record<string, string>): Promise<CrmRecord> {
    return (await this.http.request({ method: 'PATCH', path: `/crm/v3/objects/${type}/${encodeURIComponent(id)}`, json: { properties } })).json<CrmRecord>();
  }

  /**
   * `POST /crm/v3/objects/{type}/merge`: `mergedId` is merged into `primaryId`, whose values win.
   * HubSpot cannot undo it. Answers the merged record, which may carry a new id.
   */
  async merge(type: string, primaryId: string, mergedId: string): Promise<CrmRecord> {
    const json = { primaryObjectId: primaryId, objectIdToMerge: mergedId };
    return (await this.http.request({ method: 'POST', path: `/crm/v3/objects/${type}/merge`, json })).json<CrmRecord>();
  }

  async archive(type: string, ids: string[]): Promise<void> {
    await this.http.request({ method: 'POST', path: `/crm/v3/objects/${type}/batch/archive`, json: { inputs: ids.map((id) => ({ id })) } });
  }

  /** The property, or undefined when the account has none of that name. */
  async property(type: string, name: string): Promise<PropertyInfo | undefined> {
    try {
      return (await this.http.request({ path: `/crm/v3/properties/${type}/${encodeURIComponent(name)}` })).json<PropertyInfo>();
    } catch (error) {
      if (error instanceof HubSpotError && error.status === 404) return undefined;
      throw error;
    }
  }

  async properties(type: string): Promise<PropertyInfo[]> {
    return (await this.http.request({ path: `/crm/v3/properties/${type}` })).json<{ results: PropertyInfo[] }>().results;
  }

  /** Creates a property and answers it; on a 409 (another worker created it meanwhile) answers that one. */
  async createProperty(type: string, definition: { name: string } & Record<string, unknown>): Promise<PropertyInfo> {
    try {
      return (await this.http.request({ method: 'POST', path: `/crm/v3/properties/${type}`, json: definition })).json<PropertyInfo>();
    } catch (error) {
      if (!(error instanceof HubSpotError) || error.status !== 409) throw error;
      const existing = await this.property(type, definition.name);
      if (existing === undefined) throw error;
      return existing;
    }
  }

  /** v4 batch create of HUBSPOT_DEFINED associations; creating one that exists changes nothing. */
  async associate(from: string, to: string, pairs: { from: string; to: string; typeId: number }[]): Promise<BatchAnswer<unknown>> {
    const inputs = pairs.map((p) => ({ from: { id: p.from }, to: { id: p.to }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: p.typeId }] }));
    return answer(await this.http.request({ method: 'POST', path: `/crm/v4/associations/${from}/${to}/batch/create`, json: { inputs } }));
  }

  /** v4 batch archive: removes every association between each record and the given others. */
  async unassociate(from: string, to: string, pairs: { from: string; to: string[] }[]): Promise<void> {
    const inputs = pairs.map((p) => ({ from: { id: p.from }, to: p.to.map((id) => ({ id })) }));
    await this.http.request({ method: 'POST', path: `/crm/v4/associations/${from}/${to}/batch/archive`, json: { inputs } });
  }

  /** v4 batch read: the ids each record is associated with (records with none are left out). */
  async associated(from: string, to: string, ids: string[]): Promise<Map<string, string[]>> {
    const response = await this.http.request({ method: 'POST', path: `/crm/v4/associations/${from}/${to}/batch/read`, json: { inputs: ids.map((id) => ({ id })) } });
    const body = response.json<{ results?: { from: { id: string | number }; to: { toObjectId: string | number }[] }[] }>();
    return new Map((body.results ?? []).map((r) => [String(r.from.id), r.to.map((t) => String(t.toObjectId))]));
  }
}

function answer<T>(response: { status: number; json<U>(): U }): BatchAnswer<T> {
  const body = response.json<{ results?: T[]; errors?: HubSpotErrorBody[] }>();
  return { results: body.results ?? [], errors: body.errors ?? [] };
}
