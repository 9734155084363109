import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalQueryString, sign } from '../../src/volc/signer.js';

type Vector = {
  name: string;
  input: {
    method: string;
    path: string;
    query: Array<[string, string]>;
    headers: Record<string, string>;
    body: string | null;
    service: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    date: string;
  };
  expected: {
    canonicalQueryString: string;
    canonicalRequest: string;
    stringToSign: string;
    signedHeaders: string;
    signature: string;
    authorization: string;
    allHeadersAfterSigning: Record<string, string>;
  };
};

const file = fileURLToPath(new URL('../fixtures/volcengine-sign-vectors.json', import.meta.url));
const vectors = (JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] }).vectors;

describe('Volcengine signer reproduces every official SDK vector', () => {
  it('has the vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(27);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const result = sign({
      method: v.input.method,
      path: v.input.path,
      query: v.input.query,
      headers: v.input.headers,
      body: v.input.body,
      service: v.input.service,
      region: v.input.region,
      credentials: {
        accessKeyId: v.input.accessKeyId,
        secretAccessKey: v.input.secretAccessKey,
        sessionToken: v.input.sessionToken,
      },
      date: new Date(v.input.date),
    });
    expect(canonicalQueryString(v.input.query)).toBe(v.expected.canonicalQueryString);
    expect(result.canonicalRequest).toBe(v.expected.canonicalRequest);
    expect(result.stringToSign).toBe(v.expected.stringToSign);
    expect(result.signedHeaders).toBe(v.expected.signedHeaders);
    expect(result.signature).toBe(v.expected.signature);
    expect(result.authorization).toBe(v.expected.authorization);
    expect(result.headers).toEqual(v.expected.allHeadersAfterSigning);
  });
});
