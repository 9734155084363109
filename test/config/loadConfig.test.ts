import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { ConfigError } from '../../src/errors.js';
import { demoVolcCredentials } from '../../src/config/demoCredentials.js';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected loadConfig to fail');
}

describe('configuration', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ type: 'sqlite', path: './data/airgate.sqlite' });
    expect(c.port).toBe(3000);
    expect(c.feishu.baseUrl).toBe('https://open.feishu.cn');
    expect(c.feishu.eventMode).toBe('http');
    expect(c.volc.region).toBe('cn-beijing');
    expect(c.migrateOnStart).toBe(true);
  });

  it('listens on loopback unless HOST says otherwise, with /metrics on PORT and no token by default', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.metrics).toEqual({ port: undefined, token: undefined });
    const set = loadConfig({ HOST: '0.0.0.0', METRICS_PORT: '9464', METRICS_TOKEN: 'a-long-metrics-token' });
    expect(set.host).toBe('0.0.0.0');
    expect(set.metrics).toEqual({ port: 9464, token: 'a-long-metrics-token' });
  });

  it('refuses an odd HOST, a bad METRICS_PORT and a short METRICS_TOKEN, naming each', () => {
    const msg = problemsOf({ HOST: 'a b', METRICS_PORT: '70000', METRICS_TOKEN: 'short' });
    expect(msg).toContain('HOST: expected an address');
    expect(msg).toContain('METRICS_PORT: expected a port number');
    expect(msg).toContain('METRICS_TOKEN: expected at least 16 characters');
    expect(msg).not.toContain('short');
    expect(problemsOf({ PORT: '8080', METRICS_PORT: '8080' })).toContain(
      'METRICS_PORT: must differ from PORT',
    );
  });

  it('reads MySQL URLs, admins and a hex encryption key', () => {
    const c = loadConfig({
      DATABASE_URL: 'mysql://u:p@db:3306/airgate',
      AIRGATE_ADMINS: 'ou_a, ou_b,,',
      AIRGATE_ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(c.database).toEqual({ type: 'mysql', url: 'mysql://u:p@db:3306/airgate' });
    expect(c.admins).toEqual(['ou_a', 'ou_b']);
    expect(c.encryptionKey?.length).toBe(32);
  });

  it('names every offending variable in one message, without their values', () => {
    const msg = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'postgres://x',
      FEISHU_EVENT_MODE: 'carrier-pigeon',
      AIRGATE_ENCRYPTION_KEY: 'tooshort',
      VOLC_ACCESS_KEY_ID: 'AKLTonly',
    });
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'FEISHU_EVENT_MODE',
      'AIRGATE_ENCRYPTION_KEY',
      'VOLC_SECRET_ACCESS_KEY',
    ]) {
      expect(msg).toContain(name);
    }
    expect(msg).toContain('expected one of http, ws');
    expect(msg).not.toContain('tooshort');
    expect(msg).toMatch(/5 problems/);
  });

  it('refuses production without an encryption key and real credentials', () => {
    const msg = problemsOf({ NODE_ENV: 'production' });
    for (const name of [
      'AIRGATE_ENCRYPTION_KEY',
      'VOLC_ACCESS_KEY_ID',
      'VOLC_SECRET_ACCESS_KEY',
      'FEISHU_APP_ID',
      'FEISHU_APP_SECRET',
    ]) {
      expect(msg).toContain(`${name}: required in production`);
    }
  });

  it('refuses the public demo credentials in production', () => {
    const msg = problemsOf({
      NODE_ENV: 'production',
      AIRGATE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      VOLC_ACCESS_KEY_ID: demoVolcCredentials.accessKeyId,
      VOLC_SECRET_ACCESS_KEY: demoVolcCredentials.secretAccessKey,
      FEISHU_APP_ID: 'cli_real',
      FEISHU_APP_SECRET: 'real-secret-value',
      FEISHU_VERIFICATION_TOKEN: 'real-token',
    });
    expect(msg).toContain('VOLC_ACCESS_KEY_ID: the public demo value is not allowed in production');
    expect(msg).not.toContain(demoVolcCredentials.secretAccessKey);
  });

  it('refuses production over HTTP without a Feishu Encrypt Key, a verification token is not enough', () => {
    const real = {
      NODE_ENV: 'production',
      AIRGATE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      VOLC_ACCESS_KEY_ID: 'AKLTrealkey',
      VOLC_SECRET_ACCESS_KEY: 'real-secret',
      FEISHU_APP_ID: 'cli_real',
      FEISHU_APP_SECRET: 'real-secret-value',
      FEISHU_VERIFICATION_TOKEN: 'real-token',
    };
    const msg = problemsOf({ ...real, FEISHU_EVENT_MODE: 'http' });
    expect(msg).toContain('FEISHU_ENCRYPT_KEY: required in production with FEISHU_EVENT_MODE=http');
    expect(msg).toMatch(/1 problem\b/);
    expect(msg).not.toContain('real-token');
    // The long connection is authenticated by the app secret: no Encrypt Key needed there.
    expect(loadConfig({ ...real, FEISHU_EVENT_MODE: 'ws' }).feishu.eventMode).toBe('ws');
  });

  it('starts in production when everything real is set', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      AIRGATE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      VOLC_ACCESS_KEY_ID: 'AKLTrealkey',
      VOLC_SECRET_ACCESS_KEY: 'real-secret',
      FEISHU_APP_ID: 'cli_real',
      FEISHU_APP_SECRET: 'real-secret-value',
      FEISHU_ENCRYPT_KEY: 'real-encrypt',
    });
    expect(c.env).toBe('production');
  });
});
