/** One entry of `ResponseStatus.Errors`: the field refused and the index of the record in a BatchSave Model array. */
export interface StatusError {
  FieldName?: string | null;
  Message?: string | null;
  DIndex?: number | null;
}

/** One entry of `ResponseStatus.SuccessEntitys` (sic): the saved record's internal id and number. */
export interface SuccessEntity {
  Id?: number | string | null;
  Number?: string | null;
  DIndex?: number | null;
}

/** `Result.ResponseStatus`, the envelope of every business call (Save, BatchSave, Delete...). */
export interface ResponseStatus {
  ErrorCode?: number | string | null;
  IsSuccess?: boolean | string | null;
  Errors?: StatusError[] | null;
  SuccessEntitys?: SuccessEntity[] | null;
  MsgCode?: number | null;
}

/** MsgCode 1: the session is lost (or the credentials are wrong): 会话信息已丢失，请重新登录. */
export const MSG_SESSION_LOST = 1;
/** MsgCode 14: the call was limited (rate or concurrency). */
export const MSG_CALL_LIMITED = 14;

/**
 * The ResponseStatus in a parsed body: `{Result:{ResponseStatus}}` from business calls, or the
 * `[[{Result:{ResponseStatus}}]]` ExecuteBillQuery answers instead of its rows when it fails.
 * Undefined when the body is neither (rows, a login answer).
 */
export function responseStatus(body: unknown): ResponseStatus | undefined {
  let envelope = body;
  if (Array.isArray(body)) {
    const first = Array.isArray(body[0]) ? (body[0] as unknown[])[0] : undefined;
    if (first === null || typeof first !== 'object' || Array.isArray(first)) return undefined;
    envelope = first;
  }
  const status = (envelope as { Result?: { ResponseStatus?: unknown } } | null)?.Result?.ResponseStatus;
  return status !== null && typeof status === 'object' ? (status as ResponseStatus) : undefined;
}

/** Whether the status says the call succeeded (the docs' templates spell the flag as a string). */
export function succeeded(status: ResponseStatus): boolean {
  return status.IsSuccess === true || status.IsSuccess === 'true';
}

/** One error as a user reads it: "MsgCode 11, field FName: 名称 是必填项". */
export function describeError(status: ResponseStatus, error: StatusError): string {
  const field = error.FieldName ? `field ${error.FieldName}: ` : '';
  return `Kingdee refused the record (MsgCode ${status.MsgCode ?? '?'}${status.ErrorCode ? `, ErrorCode ${status.ErrorCode}` : ''}): ${field}${error.Message ?? 'no message'}`;
}

/** Every error of a failed call, joined, for a call-level failure. */
export function describeStatus(status: ResponseStatus): string {
  const errors = status.Errors ?? [];
  const text = errors.map((e) => `${e.FieldName ? `${e.FieldName}: ` : ''}${e.Message ?? ''}`).join('; ');
  return `MsgCode ${status.MsgCode ?? '?'}${status.ErrorCode ? `, ErrorCode ${status.ErrorCode}` : ''}${text ? `: ${text}` : ''}`;
}
