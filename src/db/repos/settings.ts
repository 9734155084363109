import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { Setting } from '../entities/setting.js';

const repo = (m: EntityManager) => m.getRepository(Setting);

export const settingsRepo = {
  async all(m: EntityManager): Promise<Map<string, unknown>> {
    return new Map((await repo(m).find()).map((s) => [s.key, s.value]));
  },

  async put(m: EntityManager, key: string, value: unknown, updatedBy: string, now: Date): Promise<void> {
    await repo(m)
      .createQueryBuilder()
      .insert()
      .into(Setting)
      .values({ key, value, updatedBy, updatedAt: now } as QueryDeepPartialEntity<Setting>)
      .orUpdate(['value', 'updated_by', 'updated_at'], ['key'])
      .execute();
  },

  async remove(m: EntityManager, key: string): Promise<void> {
    await repo(m).delete({ key });
  },
};
