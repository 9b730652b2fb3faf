import type { EmulatorResponse } from '@datong/sdk/emulator';
import { ERRORS, success } from './envelope.js';
import type { ReceiverCipher } from './receiver-cipher.js';

/** Counts what order.batchDecrypt was asked (the platform audits and limits decryption). */
export interface DecryptCounter {
  calls: number;
  ciphertexts: number;
}

/**
 * order.batchDecrypt: `cipher_infos: [{ auth_id: <order id>, cipher_text }]`, at most `maxBatch`
 * per call (UNCONFIRMED; default 50); each ciphertext opens only for the order it was issued for.
 */
export function batchDecrypt(cipher: ReceiverCipher, maxBatch: number, counter: DecryptCounter) {
  return (p: Record<string, unknown>): EmulatorResponse => {
    const infos = p.cipher_infos;
    if (!Array.isArray(infos) || infos.length === 0) return ERRORS.badParam('cipher_infos is required');
    if (infos.length > maxBatch) return ERRORS.badParam(`cipher_infos最多${maxBatch}个`);
    counter.calls++;
    counter.ciphertexts += infos.length;
    const decrypt_infos = infos.map((raw) => {
      const info = (raw ?? {}) as { auth_id?: unknown; cipher_text?: unknown };
      const text = typeof info.cipher_text === 'string' ? cipher.open(info.cipher_text, String(info.auth_id ?? '')) : undefined;
      return text === undefined
        ? { auth_id: info.auth_id, cipher_text: info.cipher_text, decrypt_text: '', err_no: 300008, err_msg: '解密失败:密文与订单不匹配' }
        : { auth_id: info.auth_id, cipher_text: info.cipher_text, decrypt_text: text, err_no: 0, err_msg: '' };
    });
    return success({ decrypt_infos, custom_err: { err_code: 0, err_msg: '' } });
  };
}
