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
    throw new UsageError({ reason: 'account_name_invalid' }, { field: 'name' });
  }
  return n;
}

export function assertCredentials(input: AccountInput): { accessKeyId: string; secretAccessKey: string } {
  const accessKeyId = input.accessKeyId.trim();
  const secretAccessKey = input.secretAccessKey.trim();
  if (!/^[A-Za-z0-9+/=_-]{8,128}$/.test(accessKeyId)) {
    throw new UsageError({ reason: 'access_key_id_invalid' }, { field: 'accessKeyId' });
  }
  if (secretAccessKey.length < 8 || secretAccessKey.length > 256 || /\s/.test(secretAccessKey)) {
    throw new UsageError(
      { reason: 'secret_access_key_invalid' },
      {
        field: 'secretAccessKey',
      },
    );
  }
  return { accessKeyId, secretAccessKey };
}

export function assertEndpoint(endpoint: string | null | undefined): string | null {
  if (endpoint === undefined || endpoint === null || endpoint.trim() === '') return null;
  const e = endpoint.trim();
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(e))
    throw new UsageError({ reason: 'endpoint_invalid' }, { field: 'endpoint' });
  return e.replace(/\/+$/, '');
}

export function requireSecretBox(box: SecretBox | undefined): SecretBox {
  if (!box) {
    throw new ConfigError({ reason: 'encryption_key_missing' });
  }
  return box;
}

/** The associated data that binds a sealed secret to its row. */
export const secretAad = (accountId: string) => `volc_accounts.secret:${accountId}`;
