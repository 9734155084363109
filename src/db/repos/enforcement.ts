import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { EnforcementChange } from '../entities/enforcementChange.js';

export type EnforcementLever = 'throttle' | 'stop' | 'deny' | 'regen';
export type EnforcementState = 'pending' | 'applied';
export type EnforcementChangeDto = Omit<EnforcementChange, 'lever' | 'state'> & {
  lever: EnforcementLever;
  state: EnforcementState;
};
export type NewEnforcementChange = Pick<
  EnforcementChangeDto,
  'accountId' | 'subAccountId' | 'projectName' | 'lever' | 'target' | 'previous'
>;

const repo = (m: EntityManager) => m.getRepository(EnforcementChange);
const toDto = (r: EnforcementChange): EnforcementChangeDto => ({ ...r }) as EnforcementChangeDto;

/** The Ark enforcement ladder's record of what it changed (one row per sub-account, lever and target). */
export const enforcementRepo = {
  async listBySubAccount(m: EntityManager, subAccountId: string): Promise<EnforcementChangeDto[]> {
    return (await repo(m).find({ where: { subAccountId }, order: { createdAt: 'ASC', id: 'ASC' } })).map(
      toDto,
    );
  },

  async listByAccount(m: EntityManager, accountId: string): Promise<EnforcementChangeDto[]> {
    return (await repo(m).find({ where: { accountId }, order: { createdAt: 'ASC', id: 'ASC' } })).map(toDto);
  },

  /**
   * Records the intent before the call ('pending'); an existing row for the same target keeps its
   * `previous` (the state before AirGate first touched it), so a retry never records AirGate's own value.
   */
  async recordIntent(m: EntityManager, c: NewEnforcementChange, now: Date): Promise<EnforcementChangeDto> {
    const found = await repo(m).findOneBy({ subAccountId: c.subAccountId, lever: c.lever, target: c.target });
    if (found) return toDto(found);
    const row: EnforcementChange = {
      id: randomUUID(),
      ...c,
      state: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    await repo(m).insert(row as QueryDeepPartialEntity<EnforcementChange>);
    return toDto(row);
  },

  async markApplied(m: EntityManager, id: string, now: Date): Promise<void> {
    await repo(m).update({ id }, { state: 'applied', lastError: null, updatedAt: now });
  },

  async markFailed(m: EntityManager, id: string, error: string, now: Date): Promise<void> {
    const row = await repo(m).findOneBy({ id });
    if (!row) return;
    await repo(m).update(
      { id },
      { attempts: row.attempts + 1, lastError: error.slice(0, 500), updatedAt: now },
    );
  },

  async remove(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length > 0) await repo(m).delete(ids);
  },
};
