import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { findWhere } from '../prepared.js';
import { money, toStoredString, type Money } from '../../domain/money.js';
import { SubAccountProject, type AttachedPolicy } from '../entities/subAccountProject.js';

export type ProjectDto = Omit<SubAccountProject, 'spent'> & { spent: Money };
export type { AttachedPolicy };

const toDto = (row: SubAccountProject): ProjectDto => ({ ...row, spent: money(row.spent) });
const repo = (m: EntityManager) => m.getRepository(SubAccountProject);

export const projectsRepo = {
  /** Inserts the project; the unique (account, project) index refuses a project already watched for another. */
  async insert(
    m: EntityManager,
    input: {
      subAccountId: string;
      accountId: string;
      projectName: string;
      countsFrom: string;
      attachedPolicies: AttachedPolicy[];
    },
    now: Date,
  ): Promise<ProjectDto> {
    const row: SubAccountProject = {
      id: randomUUID(),
      ...input,
      monitored: true,
      spent: toStoredString(money('0')),
      spentUpdatedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await repo(m).insert(row);
    return toDto(row);
  },

  async findByAccountProject(
    m: EntityManager,
    accountId: string,
    projectName: string,
  ): Promise<ProjectDto | null> {
    const row = await repo(m).findOneBy({ accountId, projectName });
    return row ? toDto(row) : null;
  },

  async listBySubAccount(m: EntityManager, subAccountId: string): Promise<ProjectDto[]> {
    return (await findWhere(m, SubAccountProject, { subAccountId }, { order: [['projectName', 'ASC']] })).map(
      toDto,
    );
  },

  /** The projects of many sub-accounts in one query (lists of 2,000 sub-accounts). */
  async listBySubAccounts(
    m: EntityManager,
    subAccountIds: readonly string[],
  ): Promise<Map<string, ProjectDto[]>> {
    const out = new Map<string, ProjectDto[]>();
    for (let i = 0; i < subAccountIds.length; i += 500) {
      const rows = await repo(m).find({
        where: { subAccountId: In(subAccountIds.slice(i, i + 500)) },
        order: { projectName: 'ASC' },
      });
      for (const r of rows) out.set(r.subAccountId, [...(out.get(r.subAccountId) ?? []), toDto(r)]);
    }
    return out;
  },

  async listByAccount(m: EntityManager, accountId: string): Promise<ProjectDto[]> {
    return (await repo(m).find({ where: { accountId }, order: { projectName: 'ASC' } })).map(toDto);
  },

  async setMonitored(
    m: EntityManager,
    filter: { id: string } | { subAccountId: string },
    monitored: boolean,
    now: Date,
  ): Promise<number> {
    const r = await repo(m).update(filter, { monitored, updatedAt: now });
    return r.affected ?? 0;
  },

  async setAttachedPolicies(
    m: EntityManager,
    id: string,
    attachedPolicies: AttachedPolicy[],
    now: Date,
  ): Promise<void> {
    await repo(m).update({ id }, { attachedPolicies, updatedAt: now });
  },

  async updateSpent(m: EntityManager, id: string, spent: Money, now: Date): Promise<void> {
    await repo(m).update({ id }, { spent: toStoredString(spent), spentUpdatedAt: now, updatedAt: now });
  },

  async remove(m: EntityManager, id: string): Promise<void> {
    await repo(m).delete({ id });
  },
};
