// Secrets found in log records are replaced by a fingerprint before anything is stored or printed.
import { createHash } from 'node:crypto';

/** Keys whose values are live secrets wherever they appear in a record. */
const SECRET_KEYS = /^(sessiontoken|secretaccesskey|secretkey|password|clientsecret|client_secret|webidentitytoken|samlassertion|privatekey|accesstoken|access_token|refreshtoken|refresh_token|id_token|idtoken|authorization|cookie)$/i;

/** Values that are credentials whatever their key: bearer/basic authorization values and JWT-shaped strings. */
export const CREDENTIAL_VALUE = /^(bearer\s+\S+|basic\s+\S+|eyJ[\w-]{4,}\.[\w-]+\.[\w-]*)$/i;

export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

export function redactedMarker(secret: string): string {
  return `[REDACTED ${fingerprint(secret)}]`;
}

/** Keys that end in a secret's name (webhook_secret, db_password, x-api-key, signing_private_key). */
const SECRET_SUFFIX = /(^|[_-])(secret|password|passwd|api[_-]?key|private[_-]?key)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.test(key) || SECRET_SUFFIX.test(key);
}

/**
 * A copy of `value` with every secret-keyed string replaced by its fingerprint marker. Objects with no
 * secret inside are returned as they are (no copy), so the common case costs one walk.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = redactSecrets(item);
      if (next !== item) {
        copy ??= value.slice();
        copy[i] = next;
      }
    }
    return copy ?? value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    let next: unknown = item;
    if (isSecretKey(key) && typeof item === 'string' && item !== '' && !item.startsWith('[REDACTED')) {
      next = redactedMarker(item);
    } else if (typeof item === 'object' && item !== null) {
      next = redactSecrets(item);
    }
    if (next !== item) {
      copy ??= { ...record };
      copy[key] = next;
    }
  }
  return copy ?? value;
}
