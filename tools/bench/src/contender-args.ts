/**
 * The contract between the bench and a baseline contender: the NDJSON path as the only argument,
 * the target database in WAREHOUSE_URL (the same variable datong's pipeline reads), and one JSON
 * line on stdout at the end.
 */
export interface ContenderArgs {
  file: string;
  warehouseUrl: string;
}

export function contenderArgs(): ContenderArgs {
  const file = process.argv[2];
  const warehouseUrl = process.env.WAREHOUSE_URL;
  if (file === undefined || warehouseUrl === undefined) {
    throw new Error('usage: WAREHOUSE_URL=postgres://... node dist/contender-<x>.js <orders.ndjson>');
  }
  return { file, warehouseUrl };
}

export function reportWritten(written: number): void {
  process.stdout.write(`${JSON.stringify({ written })}\n`);
}
