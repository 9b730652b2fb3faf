import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '@datong/sdk';

/**
 * Encrypts the one kind of secret the store keeps (a rotated refresh token) with AES-256-GCM.
 * The key comes from `DATONG_SECRET_KEY` (any string; hashed to 32 bytes) or, when that is unset,
 * from a key file generated once beside the embedded store, readable by its owner only (0600).
 * Each ciphertext is bound to where it is stored (its `context`), so a row copied elsewhere in the
 * table does not decrypt.
 *
 * @example
 *   const box = SecretBox.fromEnvOrFile('.datong');
 *   const sealed = box.seal('refresh-token', 'p/sources.shop/oauth2.refresh_token');
 */
export class SecretBox {
  private constructor(private readonly key: Buffer, readonly origin: string) {}

  static fromEnvOrFile(dir: string, env: NodeJS.ProcessEnv = process.env): SecretBox {
    const fromEnv = env.DATONG_SECRET_KEY;
    if (fromEnv) return new SecretBox(createHash('sha256').update(fromEnv).digest(), 'DATONG_SECRET_KEY');
    const file = join(dir, 'secret.key');
    return new SecretBox(readOrCreateKeyFile(file), file);
  }

  /** A secret of its own for one purpose (`phone-salt:<pipeline>`), derived from the key: HMAC-SHA256, hex. */
  derive(purpose: string): string {
    return createHmac('sha256', this.key).update(purpose).digest('hex');
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${body.toString('base64')}`;
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    try {
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown format');
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new StoreError(
        `the stored secret ${context} cannot be decrypted with the key from ${this.origin}: was the key changed or the store copied from elsewhere? Re-authorize, or restore the original key`,
        { code: 'SECRET_UNREADABLE', cause: error },
      );
    }
  }
}

function readOrCreateKeyFile(file: string): Buffer {
  try {
    const mode = statSync(file).mode & 0o777;
    // Someone widened it: narrow it again rather than leave the key readable.
    if (mode !== 0o600) chmodSync(file, 0o600);
    return decodeKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  const key = randomBytes(32);
  try {
    // 'wx': if two processes race to create it, the second reads the first one's key.
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return decodeKey(readFileSync(file, 'utf8'), file);
    throw error;
  }
}

function decodeKey(text: string, file: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new StoreError(`${file} is not a datong secret key (32 bytes, base64)`, { code: 'SECRET_KEY_INVALID' });
  return key;
}
