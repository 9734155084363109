/**
 * Credentials the simulators and the sandbox use when none are configured. They are public, so
 * production mode refuses to start with any of them.
 */
export const demoVolcCredentials = {
  accessKeyId: 'AKLTZGVtby1haXJnYXRlLW1haW4',
  secretAccessKey: 'ZGVtby1haXJnYXRlLXNlY3JldC1rZXktbm90LWZvci1wcm9kdWN0aW9u',
} as const;

export const demoFeishuCredentials = {
  // The SDK's WSClient accepts only app ids of the form cli_ + 16 hex characters.
  appId: 'cli_a17ea7e0de000001',
  appSecret: 'demo-airgate-app-secret-not-for-production',
  encryptKey: 'demo-airgate-encrypt-key',
  verificationToken: 'demo-airgate-verification-token',
} as const;

const demoValues = new Set<string>([
  ...Object.values(demoVolcCredentials),
  ...Object.values(demoFeishuCredentials),
]);

export function isDemoCredential(value: string | undefined): boolean {
  return value !== undefined && demoValues.has(value);
}
