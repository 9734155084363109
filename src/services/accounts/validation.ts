import { UsageError } from '../../errors.js';
import type { SecretBox } from '../../crypto/secretBox.js';
import { ConfigError } from '../../errors.js';

export type AccountInput = {
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  endpoint?: string | null;
};

export function assertAccountName(name: string): string {
  const n = name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(n)) {
    throw new UsageError(
      '账号名须为 1–64 个字母、数字、_ - / account name must be 1-64 letters, digits, _ -',
      { field: 'name' },
    );
  }
  return n;
}

export function assertCredentials(input: AccountInput): { accessKeyId: string; secretAccessKey: string } {
  const accessKeyId = input.accessKeyId.trim();
  const secretAccessKey = input.secretAccessKey.trim();
  if (!/^[A-Za-z0-9+/=_-]{8,128}$/.test(accessKeyId)) {
    throw new UsageError('AccessKeyId 格式无效 / AccessKeyId looks wrong', { field: 'accessKeyId' });
  }
  if (secretAccessKey.length < 8 || secretAccessKey.length > 256 || /\s/.test(secretAccessKey)) {
    throw new UsageError('SecretAccessKey 格式无效 / SecretAccessKey looks wrong', {
      field: 'secretAccessKey',
    });
  }
  return { accessKeyId, secretAccessKey };
}

export function assertEndpoint(endpoint: string | null | undefined): string | null {
  if (endpoint === undefined || endpoint === null || endpoint.trim() === '') return null;
  const e = endpoint.trim();
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(e))
    throw new UsageError('endpoint 须为 URL / endpoint must be a URL', { field: 'endpoint' });
  return e.replace(/\/+$/, '');
}

export function requireSecretBox(box: SecretBox | undefined): SecretBox {
  if (!box) {
    throw new ConfigError(
      '保存火山引擎密钥需要设置 AIRGATE_ENCRYPTION_KEY / AIRGATE_ENCRYPTION_KEY must be set to store a Volcengine secret',
    );
  }
  return box;
}

/** The associated data that binds a sealed secret to its row. */
export const secretAad = (accountId: string) => `volc_accounts.secret:${accountId}`;
