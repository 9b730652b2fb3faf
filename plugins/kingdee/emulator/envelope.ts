import type { EmulatorResponse } from '@datong/sdk/emulator';

/** One entry of ResponseStatus.Errors. */
export interface EmulatedError {
  FieldName: string;
  Message: string;
  DIndex: number;
}

/** One entry of ResponseStatus.SuccessEntitys. */
export interface EmulatedSuccess {
  Id: number;
  Number: string;
  DIndex: number;
}

/** The K3Cloud MsgCodes the emulator answers (the docs' MsgCode table). */
export const MsgCode = {
  ok: 0,
  sessionLost: 1,
  exception: 4,
  parameter: 8,
  fieldNotFound: 9,
  dataNotFound: 10,
  validation: 11,
  notAllowed: 12,
  callLimited: 14,
} as const;

/**
 * `{"Result":{"ResponseStatus":{...},"Id","Number","NeedReturnData"}}` as Save, BatchSave, Delete
 * and Audit answer, HTTP 200 whatever happened. ErrorCode 500 and IsSuccess false when any record
 * was refused; top-level Id/Number are the first record saved.
 */
export function statusBody(errors: EmulatedError[], successes: EmulatedSuccess[], msgCode: number = errors.length > 0 ? MsgCode.validation : MsgCode.ok): unknown {
  const failed = errors.length > 0;
  return {
    Result: {
      ResponseStatus: {
        ErrorCode: failed ? 500 : 0,
        IsSuccess: !failed,
        Errors: errors,
        SuccessEntitys: successes,
        SuccessMessages: [],
        MsgCode: failed ? msgCode : MsgCode.ok,
      },
      Id: successes[0]?.Id ?? '',
      Number: successes[0]?.Number ?? '',
      NeedReturnData: successes.map(() => ({})),
    },
  };
}

/** A whole-call failure with one message. */
export function failure(msgCode: number, message: string, fieldName = ''): EmulatorResponse {
  return { json: statusBody([{ FieldName: fieldName, Message: message, DIndex: 0 }], [], msgCode) };
}

/** ExecuteBillQuery's failure shape: the envelope inside two arrays, instead of rows. */
export function queryFailure(msgCode: number, message: string, fieldName = ''): EmulatorResponse {
  return { json: [[statusBody([{ FieldName: fieldName, Message: message, DIndex: 0 }], [], msgCode)]] };
}

export const SESSION_LOST = '会话信息已丢失，请重新登录';
export const CALL_LIMITED = '调用受限：访问过于频繁，请稍后再试';
