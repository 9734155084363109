import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { findWhere } from '../prepared.js';
import type { Role } from '../../domain/roles.js';
import { Member } from '../entities/member.js';

export type MemberDto = Member;
const repo = (m: EntityManager) => m.getRepository(Member);

export const membersRepo = {
  async findByOpenId(m: EntityManager, openId: string): Promise<MemberDto | null> {
    // Every Feishu event reads its sender: a prepared statement, not a query builder per event.
    return (await findWhere(m, Member, { openId }, { limit: 1 }))[0] ?? null;
  },

  /** The members among `openIds` (one statement; unknown ids are left out). */
  async findByOpenIds(m: EntityManager, openIds: readonly string[]): Promise<MemberDto[]> {
    if (openIds.length === 0) return [];
    return repo(m).findBy({ openId: In([...openIds]) });
  },

  async list(m: EntityManager): Promise<MemberDto[]> {
    return repo(m).find({ order: { createdAt: 'ASC', openId: 'ASC' } });
  },

  async insert(
    m: EntityManager,
    input: { openId: string; name: string; roles: Role[]; locale?: string | null },
    now: Date,
  ): Promise<MemberDto> {
    const row: Member = {
      id: randomUUID(),
      ...input,
      locale: input.locale ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await repo(m).insert(row);
    return row;
  },

  async update(
    m: EntityManager,
    id: string,
    patch: Partial<Pick<Member, 'name' | 'roles' | 'locale'>>,
    now: Date,
  ): Promise<void> {
    await repo(m).update({ id }, { ...patch, updatedAt: now });
  },

  async remove(m: EntityManager, id: string): Promise<void> {
    await repo(m).delete({ id });
  },
};
