import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, DecryptionError } from '../../src/crypto/secretBox.js';
import { inTransaction, withReader } from '../../src/db/repos/transaction.js';
import { spendingLayersRepo } from '../../src/db/repos/spendingLayers.js';
import { storedSubLayersRepo } from '../../src/db/repos/storedSubLayers.js';
import { money } from '../../src/domain/money.js';
import { ConfigError, ConflictError, UsageError } from '../../src/errors.js';
import type { Actor } from '../../src/policies/actor.js';
import { accountCredentials } from '../../src/services/accounts/accountCredentials.js';
import { addAccount } from '../../src/services/accounts/addAccount.js';
import { listAccounts } from '../../src/services/accounts/listAccounts.js';
import { removeAccount } from '../../src/services/accounts/removeAccount.js';
import { resealAccountSecrets } from '../../src/services/accounts/resealAccountSecrets.js';
import { rotateAccountKey } from '../../src/services/accounts/rotateAccountKey.js';
import { listAudit } from '../../src/services/audit/listAudit.js';
import { dbKinds } from '../support/databases.js';
import { givenSubAccount, openHarness, type Harness } from './harness.js';
import { refusalOf } from '../errors/refusalWords.js';

const cli: Actor = { kind: 'cli', osUser: 'ops' };
const SECRET = 'c2VjcmV0LWZvci1hY2NvdW50LXRlc3Qtb25seS0xMjM0NQ==';
const SECRET2 = 'bmV3LXNlY3JldC1hZnRlci1yb3RhdGlvbi02Nzg5MA==';

describe.each(dbKinds())('Volcengine main accounts on %s', (kind) => {
  const key = randomBytes(32);
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(kind, {
      encryptionKey: key,
      volc: {
        accessKeyId: 'AKLTenvmain0001',
        secretAccessKey: 'env-secret-value-xyz',
        region: 'cn-beijing',
        endpoint: undefined,
        timeoutMs: 1000,
      },
    });
  });
  afterAll(async () => h?.close());

  async function dump(): Promise<string> {
    return withReader(h.deps.db, async (m) =>
      JSON.stringify([
        await m.query('SELECT * FROM volc_accounts'),
        await m.query('SELECT * FROM audit_logs'),
      ]),
    );
  }

  it('stands for the VOLC_* account without storing its secret (single-account install)', async () => {
    const [env] = await listAccounts(h.deps);
    expect(env).toMatchObject({
      name: 'default',
      source: 'env',
      accessKeyId: 'AKLTenvmain0001',
      hasStoredSecret: false,
    });
    const creds = await accountCredentials(h.deps, env!.id);
    expect(creds.secretAccessKey).toBe('env-secret-value-xyz');
    expect(await dump()).not.toContain('env-secret-value-xyz');
    await expect(removeAccount(h.deps, { actor: cli, name: 'default' })).rejects.toThrow(UsageError);
  });

  it('seals an added account secret, opens it for use, and never writes it in clear', async () => {
    const added = await addAccount(h.deps, {
      actor: cli,
      name: 'team-b',
      accessKeyId: 'AKLTteamb0001',
      secretAccessKey: SECRET,
      region: 'cn-shanghai',
    });
    expect(added).toMatchObject({ source: 'db', hasStoredSecret: true, region: 'cn-shanghai' });
    expect((await accountCredentials(h.deps, added.id)).secretAccessKey).toBe(SECRET);
    expect(await dump()).not.toContain(SECRET);
    await expect(
      addAccount(h.deps, {
        actor: cli,
        name: 'team-b',
        accessKeyId: 'AKLTteamb0002',
        secretAccessKey: SECRET,
      }),
    ).rejects.toThrow(ConflictError);
    const audit = await listAudit(h.deps, { targetId: added.id });
    expect(audit[0]).toMatchObject({ action: 'account.add', actor: 'cli:ops' });
  });

  it('fails closed when the stored value is tampered with or moved to another row', async () => {
    const a = await addAccount(h.deps, {
      actor: cli,
      name: 'tamper-a',
      accessKeyId: 'AKLTtampera01',
      secretAccessKey: SECRET,
    });
    const b = await addAccount(h.deps, {
      actor: cli,
      name: 'tamper-b',
      accessKeyId: 'AKLTtamperb01',
      secretAccessKey: SECRET2,
    });
    const sealedOf = async (id: string) =>
      withReader(h.deps.db, async (m) => {
        const [row] = (await m.query('SELECT secret_sealed FROM volc_accounts WHERE id = ?', [id])) as Array<{
          secret_sealed: string;
        }>;
        return row!.secret_sealed;
      });
    const store = (id: string, sealed: string) =>
      withReader(h.deps.db, (m) =>
        m.query('UPDATE volc_accounts SET secret_sealed = ? WHERE id = ?', [sealed, id]),
      );
    const sealedA = await sealedOf(a.id);
    await store(b.id, sealedA);
    await expect(accountCredentials(h.deps, b.id)).rejects.toThrow(DecryptionError);
    const i = sealedA.length - 30;
    await store(a.id, sealedA.slice(0, i) + (sealedA[i] === 'A' ? 'B' : 'A') + sealedA.slice(i + 1));
    await expect(accountCredentials(h.deps, a.id)).rejects.toThrow(DecryptionError);
  });

  it('rotates an account key pair and re-seals every secret after the encryption key changes', async () => {
    await rotateAccountKey(h.deps, {
      actor: cli,
      name: 'team-b',
      accessKeyId: 'AKLTteamb0009',
      secretAccessKey: SECRET2,
    });
    const teamB = (await listAccounts(h.deps)).find((a) => a.name === 'team-b')!;
    expect((await accountCredentials(h.deps, teamB.id)).secretAccessKey).toBe(SECRET2);

    const newKey = randomBytes(32);
    const rotated = {
      ...h.deps,
      config: { ...h.deps.config, encryptionKey: newKey },
      secretBox: createSecretBox(newKey),
    };
    await expect(accountCredentials(rotated, teamB.id)).rejects.toThrow(DecryptionError);
    const result = await resealAccountSecrets(rotated, { actor: cli, previousKeys: [key] });
    expect(result.resealed).toBeGreaterThanOrEqual(1);
    expect(result.failed).toHaveLength(2); // the two tampered rows stay unreadable
    expect((await accountCredentials(rotated, teamB.id)).secretAccessKey).toBe(SECRET2);
    await expect(accountCredentials(h.deps, teamB.id)).rejects.toThrow(DecryptionError);
  });

  it('needs AIRGATE_ENCRYPTION_KEY to store a secret', async () => {
    const noKey = { ...h.deps, secretBox: undefined };
    await expect(
      addAccount(noKey, { actor: cli, name: 'nokey', accessKeyId: 'AKLTnokey0001', secretAccessKey: SECRET }),
    ).rejects.toThrow(ConfigError);
  });

  it('removes an unused account but not one with sub-accounts', async () => {
    const used = await addAccount(h.deps, {
      actor: cli,
      name: 'used',
      accessKeyId: 'AKLTused00001',
      secretAccessKey: SECRET,
    });
    await givenSubAccount(h.deps, { accountId: used.id });
    expect(await refusalOf(removeAccount(h.deps, { actor: cli, name: 'used' }))).toMatch(/1 sub-account/);
    await addAccount(h.deps, {
      actor: cli,
      name: 'spare',
      accessKeyId: 'AKLTspare0001',
      secretAccessKey: SECRET,
    });
    await removeAccount(h.deps, { actor: cli, name: 'spare' });
    expect((await listAccounts(h.deps)).map((a) => a.name)).not.toContain('spare');
  });

  it('removes the stored spending layers of a removed account, and no other account’s', async () => {
    const add = (name: string) =>
      addAccount(h.deps, { actor: cli, name, accessKeyId: `AKLT${name}00001`, secretAccessKey: SECRET });
    const gone = await add('gone');
    const kept = await add('kept');
    const now = h.clock.now();
    const one = money('1.5');
    for (const accountId of [gone.id, kept.id])
      await inTransaction(h.deps.db, async (tx) => {
        const row = { accountId, projectName: 'p', model: 'm', estimated: one };
        await spendingLayersRepo.upsertEstimates(
          tx,
          [{ ...row, day: '2026-12-01', arkFinal: one, usageAsOf: now }],
          now,
        );
        await spendingLayersRepo.upsertBilled(tx, [
          { ...row, day: '2026-12-01', billed: one, spanUntil: now, readAt: now },
        ]);
        await spendingLayersRepo.saveErrors(tx, [
          { ...row, finalAmount: one, lastDay: '2026-12-01', updatedAt: now },
        ]);
        await spendingLayersRepo.saveCalibration(tx, {
          ...row,
          ratio: one,
          finalAmount: one,
          lastDay: '2026-12-01',
          updatedAt: now,
        });
        // A sub-account's layers as a cycle stores them.
        await storedSubLayersRepo.saveMany(
          tx,
          [
            {
              subAccountId: randomUUID(),
              accountId,
              version: 1,
              inputsKey: 'k'.repeat(64),
              extra: one,
              billed: one,
              billedAsOf: now,
              estimatedAsOf: now,
            },
          ],
          now,
        );
      });
    const tables = [
      'spending_estimates',
      'spending_billed',
      'spending_errors',
      'spending_calibrations',
      'spending_layer_versions',
      'sub_account_layers',
    ];
    const rowsOf = (accountId: string) =>
      withReader(h.deps.db, async (m) => {
        const counts: unknown[] = [];
        for (const t of tables) {
          const [row] = (await m.query(`SELECT COUNT(*) AS n FROM ${t} WHERE account_id = ?`, [
            accountId,
          ])) as Array<{ n: unknown }>;
          counts.push(Number(row!.n));
        }
        return counts;
      });
    expect(await rowsOf(gone.id)).toEqual([1, 1, 1, 1, 1, 1]);
    await removeAccount(h.deps, { actor: cli, name: 'gone' });
    expect(await rowsOf(gone.id)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await rowsOf(kept.id)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
