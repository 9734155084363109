import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { registerSecret } from '../../src/log/redact.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('debug', stream), text: () => lines.join('') };
}

describe('log redaction', () => {
  it('prints none of the secrets a logged request carries', () => {
    const canaries = {
      sk: 'CANARY-secret-access-key-7f3a9',
      appSecret: 'CANARY-app-secret-1b2c3',
      encryptKey: 'CANARY-encrypt-key-44d1',
      apiKey: 'agk_CANARY_api_key_9d8e7f',
      bearer: 'CANARY-bearer-token-abc123',
      signature: 'a'.repeat(64),
    };
    const { log, text } = capture();
    log.info(
      {
        request: {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${canaries.bearer}`,
            'x-api-key': canaries.apiKey,
            'X-Lark-Signature': canaries.signature,
          },
          body: {
            AccessKey: { AccessKeyId: 'AKLTvisible', SecretAccessKey: canaries.sk },
            app_secret: canaries.appSecret,
            nested: [{ encrypt_key: canaries.encryptKey }],
          },
        },
      },
      'outgoing request',
    );
    const out = text();
    for (const c of Object.values(canaries)) expect(out).not.toContain(c);
    expect(out).toContain('AKLTvisible');
    expect(out).toContain('[REDACTED]');
  });

  it('cuts a registered secret out of messages and errors', () => {
    const secret = 'CANARY-registered-sk-5e6f7a8b';
    registerSecret(secret);
    const { log, text } = capture();
    log.error({ err: new Error(`upstream rejected key ${secret}`) }, `failed with ${secret}`);
    log.warn(
      `Authorization: HMAC-SHA256 Credential=AKLTx/20240101/cn-beijing/iam/request, SignedHeaders=x-date, Signature=${'b'.repeat(64)}`,
    );
    const out = text();
    expect(out).not.toContain(secret);
    expect(out).not.toContain('b'.repeat(64));
    expect(out).toContain('upstream rejected key [REDACTED]');
  });
});
