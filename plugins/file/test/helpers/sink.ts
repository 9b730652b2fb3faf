import type { DataRecord, SinkObject, SinkObjectSpec, SinkWrite } from '@datong/sdk';
import { recordKey } from '@datong/sdk';
import { fileSink } from '../../src/file-sink.js';
import type { FileSinkConfig } from '../../src/generated/sink-config.js';
import { testContext, type TestContext } from './context.js';

export const CUSTOMER_SPEC: SinkObjectSpec = {
  name: 'customers',
  key: ['customer_id'],
  schema: {
    type: 'object',
    properties: {
      customer_id: { type: 'string' },
      name: { type: 'string' },
      orders: { type: 'integer' },
      vip: { type: 'boolean' },
      tags: { type: 'array' },
      updated_at: { type: 'string', format: 'date-time' },
    },
  },
};

export async function openObject(dir: string, config: Omit<FileSinkConfig, 'dir'>, spec = CUSTOMER_SPEC): Promise<{ object: SinkObject; ctx: TestContext }> {
  const ctx = testContext(dir);
  const connection = await fileSink.open({ dir: 'out', ...config }, ctx);
  return { object: await connection.object(spec), ctx };
}

export function writes(records: DataRecord[], spec = CUSTOMER_SPEC): SinkWrite[] {
  return records.map((record) => ({ key: recordKey(record, spec.key), record }));
}
