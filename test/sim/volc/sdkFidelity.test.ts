import { iam, billing } from '@volcengine/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVolcSim, type VolcSim } from '../../../src/sim/volc/server.js';

// The official SDK (a devDependency, used here only as the oracle) must work against the simulator
// exactly as it works against Volcengine: its signing, its methods and bodies, its default region.
describe('volc simulator: official @volcengine/openapi SDK', () => {
  let sim: VolcSim;
  let host: string;
  const start = new Date('2026-03-10T00:00:00Z');

  beforeAll(async () => {
    process.env['NO_PROXY'] = '127.0.0.1,localhost';
    sim = await startVolcSim({
      rngSeed: 5,
      clock: { mode: 'virtual', start },
      seed: {
        billLagMinutes: 0,
        projects: [{ projectName: 'team-a', displayName: '甲组' }],
        users: [{ userName: 'zhangsan', displayName: '张三', accessKeys: [{}] }],
        burns: [{ project: 'team-a', user: 'zhangsan', ratePerHour: '1.50' }],
      },
    });
    sim.advance(6 * 3_600_000);
    host = new URL(sim.url).host;
  });
  afterAll(() => sim?.close());

  const iamService = (secretKey = sim.credentials.secretAccessKey) =>
    new iam.IamService({
      serviceName: 'iam',
      accessKeyId: sim.credentials.accessKeyId,
      secretKey,
      host,
      protocol: 'http:',
    });
  const billingService = (secretKey = sim.credentials.secretAccessKey) => {
    const s = new billing.BillingService({
      serviceName: 'billing',
      accessKeyId: sim.credentials.accessKeyId,
      secretKey,
      protocol: 'http:',
    });
    s.setHost(host); // the BillingService constructor overrides any host option
    return s;
  };

  it('IamService.ListUsers lists the seeded users', async () => {
    const r = await iamService().ListUsers({ Limit: 10, Offset: 0 });
    expect(r.ResponseMetadata.Error).toBeUndefined();
    expect(r.ResponseMetadata).toMatchObject({ Action: 'ListUsers', Service: 'iam', Region: 'cn-north-1' });
    expect(r.Result?.UserMetadata.map((u) => u.UserName)).toEqual(['zhangsan']);
  });

  it('createAPI actions round-trip: users, keys, login profile (JSON POST), project-scoped policy (2021-08-01)', async () => {
    const s = iamService();
    const created = await s.createAPI('CreateUser')({ UserName: 'lisi', DisplayName: '李四' });
    expect(created.ResponseMetadata.Error).toBeUndefined();
    const key = await s.createAPI('CreateAccessKey')({ UserName: 'lisi' });
    const ak = (key.Result as { AccessKey: { AccessKeyId: string; Status: string } }).AccessKey;
    expect(ak.Status).toBe('active');
    const off = await s.createAPI('UpdateAccessKey')({
      UserName: 'lisi',
      AccessKeyId: ak.AccessKeyId,
      Status: 'inactive',
    });
    expect(off.ResponseMetadata.Error).toBeUndefined();
    const lp = await s.createJSONAPI('CreateLoginProfile', { Version: '2018-01-01' })({
      UserName: 'lisi',
      Password: 'Airgate-2026',
      LoginAllowed: true,
    });
    expect(lp.Result).toMatchObject({ LoginProfile: { UserName: 'lisi', LoginAllowed: true } });
    const attach = await s.createAPI('AttachPolicyInProject', { Version: '2021-08-01' })({
      PrincipalType: 'User',
      PrincipalName: 'lisi',
      PolicyName: 'ArkFullAccess',
      PolicyType: 'System',
      'ProjectName.1': 'team-a',
    });
    expect(attach.ResponseMetadata.Error).toBeUndefined();
    const attached = await s.createAPI('ListAttachedUserPolicies')({ UserName: 'lisi' });
    expect(JSON.stringify(attached.Result)).toContain('"PolicyScopeType":"Project","ProjectName":"team-a"');
    const projects = await s.createAPI('ListProjects', { Version: '2021-08-01' })({ Limit: 10 });
    expect((projects.Result as { Total: number }).Total).toBe(2);
    const dup = await s.createAPI('CreateUser')({ UserName: 'lisi' });
    expect(dup.ResponseMetadata.Error?.Code).toBe('UserAlreadyExists');
  });

  it('BillingService.ListBillDetail and a createAPI ListSplitBillDetail return the spending', async () => {
    const b = billingService();
    const detail = await b.ListBillDetail({
      BillPeriod: '2026-03',
      Limit: '10',
      Offset: '0',
      GroupPeriod: 1,
      NeedRecordNum: 1,
    } as never);
    expect(detail.ResponseMetadata.Error).toBeUndefined();
    const list = (detail.Result as unknown as { List: Array<Record<string, string>>; Total: number }).List;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      BillPeriod: '2026-03',
      ExpenseDate: '2026-03-10',
      PayableAmount: '9.00',
      Currency: 'CNY',
    });
    const split = await b.createAPI('ListSplitBillDetail', {
      method: 'POST',
      contentType: 'json',
      Version: '2022-01-01',
    })({
      BillPeriod: '2026-03',
      Limit: 10,
      GroupPeriod: 1,
      NeedRecordNum: 1,
      Project: ['team-a'],
    });
    expect(split.Result).toMatchObject({
      Total: 1,
      List: [
        expect.objectContaining({ Project: 'team-a', ProjectDisplayName: '甲组', PayableAmount: '9.00' }),
      ],
    });
    const bill = await b.ListBill({ BillPeriod: '2026-03', Limit: '10' } as never);
    expect(bill.ResponseMetadata.Error).toBeUndefined();
  });

  it('fails with SignatureDoesNotMatch when given a wrong secret', async () => {
    const r = await iamService('not-the-secret').ListUsers({});
    expect(r.ResponseMetadata.Error).toMatchObject({ Code: 'SignatureDoesNotMatch', CodeN: 100010 });
    expect(r.Result).toBeUndefined();
    const b = await billingService('not-the-secret').ListBillDetail({
      BillPeriod: '2026-03',
      Limit: '10',
    } as never);
    expect(b.ResponseMetadata.Error?.Code).toBe('SignatureDoesNotMatch');
  });
});
