import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Receiver ciphertext as the emulator serves it: `<d><search index><d><AES body><d>1<d><d>`, with
 * `$` for phones, `#` for addresses and `~` for names (the name's delimiter is UNCONFIRMED). The
 * index is a short keyed hash of the value's tail, standing in for the platform's search index.
 * Only order.batchDecrypt (this class) turns it back into text.
 */
export class ReceiverCipher {
  private readonly key: Buffer;
  private readonly plain = new Map<string, { text: string; orderId: string }>();

  constructor(secret: string) {
    this.key = createHash('sha256').update(`douyin-emulator-receiver:${secret}`).digest();
  }

  seal(text: string, delimiter: '$' | '#' | '~', orderId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const index = createHash('sha256').update(this.key).update(text.slice(-4)).digest('base64').slice(0, 8);
    const sealed = `${delimiter}${index}${delimiter}${body}${delimiter}1${delimiter}${delimiter}`;
    this.plain.set(sealed, { text, orderId });
    return sealed;
  }

  /** The text behind a ciphertext issued for `orderId`, or undefined (unknown, or another order's). */
  open(sealed: string, orderId: string): string | undefined {
    const known = this.plain.get(sealed);
    if (!known || known.orderId !== orderId) return undefined;
    const parts = sealed.split(sealed.charAt(0));
    const raw = Buffer.from(parts[2] ?? '', 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }
}

/** 13812345678 → 138****5678, as the platform masks phones. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** 张伟 → 张*, 欧阳娜娜 → 欧***. */
export function maskName(name: string): string {
  const chars = [...name];
  return `${chars[0] ?? ''}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}
