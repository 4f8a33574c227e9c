// Secrets are recognised by their key wherever they sit in a record, including in rejected records.
import { describe, expect, it } from 'vitest';
import { fingerprint, isSecretKey, redactSecrets } from '../../src/adapters/shared/redact.js';

describe('secret keys', () => {
  it.each(['sessionToken', 'secretAccessKey', 'client_secret', 'webhook_secret', 'db_password', 'x-api-key', 'api_key', 'apiKey', 'signing_private_key', 'Authorization', 'cookie'])(
    '%s is a secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );
  it.each(['secretId', 'accessKeyId', 'credentialId', 'SecretArn', 'passwordLastUsed', 'tokenType', 'max_tokens'])('%s is not', (key) =>
    expect(isSecretKey(key)).toBe(false),
  );

  it('replaces nested secret values by their fingerprint and leaves the rest', () => {
    const record = { params: { arguments: { customer: 'acme', webhook_secret: 'FAKE-WEBHOOK-SECRET-0001' } } };
    expect(redactSecrets(record)).toEqual({
      params: { arguments: { customer: 'acme', webhook_secret: `[REDACTED ${fingerprint('FAKE-WEBHOOK-SECRET-0001')}]` } },
    });
    expect(record.params.arguments.webhook_secret).toBe('FAKE-WEBHOOK-SECRET-0001');
  });
});
