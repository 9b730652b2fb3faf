import { describeError, type ResponseStatus } from './response-status.js';

/** What became of one record of a BatchSave: its internal id, or Kingdee's refusal naming the field. */
export type SaveOutcome = { sinkId: string } | { error: string };

/**
 * Matches BatchSave's answer to the records by DIndex (the index in the Model array):
 * SuccessEntitys give the saved id, Errors the field and message. Errors without a DIndex are
 * the whole call's: they go to every record with no outcome of its own.
 */
export function saveOutcomes(status: ResponseStatus, count: number): (SaveOutcome | undefined)[] {
  const out: (SaveOutcome | undefined)[] = new Array<SaveOutcome | undefined>(count).fill(undefined);
  const general: string[] = [];
  for (const entity of status.SuccessEntitys ?? []) {
    const index = entity.DIndex ?? (count === 1 ? 0 : undefined);
    if (index !== undefined && index !== null && index >= 0 && index < count && entity.Id !== undefined && entity.Id !== null) {
      out[index] = { sinkId: String(entity.Id) };
    }
  }
  const byIndex = new Map<number, string[]>();
  for (const error of status.Errors ?? []) {
    const index = error.DIndex ?? (count === 1 ? 0 : undefined);
    if (index === undefined || index === null || index < 0 || index >= count) general.push(describeError(status, error));
    else byIndex.set(index, [...(byIndex.get(index) ?? []), describeError(status, error)]);
  }
  for (const [index, messages] of byIndex) out[index] = { error: messages.join('; ') };
  if (general.length > 0) for (let i = 0; i < count; i++) out[i] ??= { error: general.join('; ') };
  return out;
}
