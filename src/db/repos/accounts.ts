import type { EntityManager } from 'typeorm';
import { VolcAccount } from '../entities/volcAccount.js';

/** A main account as the rest of AirGate sees it: never the sealed secret. */
export type AccountDto = Omit<VolcAccount, 'secretSealed'> & { hasStoredSecret: boolean };

const toDto = ({ secretSealed, ...rest }: VolcAccount): AccountDto => ({
  ...rest,
  hasStoredSecret: secretSealed !== null,
});
const repo = (m: EntityManager) => m.getRepository(VolcAccount);

export const accountsRepo = {
  async insert(m: EntityManager, row: VolcAccount): Promise<AccountDto> {
    await repo(m).insert(row);
    return toDto(row);
  },

  async findById(m: EntityManager, id: string): Promise<AccountDto | null> {
    const row = await repo(m).findOneBy({ id });
    return row ? toDto(row) : null;
  },

  async findByName(m: EntityManager, name: string): Promise<AccountDto | null> {
    const row = await repo(m).findOneBy({ name });
    return row ? toDto(row) : null;
  },

  async findEnv(m: EntityManager): Promise<AccountDto | null> {
    const row = await repo(m).findOne({ where: { source: 'env' }, order: { createdAt: 'ASC' } });
    return row ? toDto(row) : null;
  },

  async list(m: EntityManager): Promise<AccountDto[]> {
    return (await repo(m).find({ order: { name: 'ASC' } })).map(toDto);
  },

  /** The sealed secret, for the one place that opens it. */
  async sealedSecret(m: EntityManager, id: string): Promise<string | null> {
    const row = await repo(m).findOne({ where: { id }, select: { id: true, secretSealed: true } });
    return row?.secretSealed ?? null;
  },

  /** Rows whose secret was sealed, with the sealed text (re-sealing under a new key). */
  async listSealed(m: EntityManager): Promise<Array<{ id: string; version: number; secretSealed: string }>> {
    const rows = await repo(m).find({ select: { id: true, version: true, secretSealed: true } });
    return rows.flatMap((r) =>
      r.secretSealed ? [{ id: r.id, version: r.version, secretSealed: r.secretSealed }] : [],
    );
  },

  /** Compare-and-set on the version; true when this change won. */
  async updateIfVersion(
    m: EntityManager,
    id: string,
    version: number,
    patch: Partial<Pick<VolcAccount, 'accessKeyId' | 'secretSealed' | 'region' | 'endpoint'>>,
    now: Date,
  ): Promise<boolean> {
    const r = await repo(m)
      .createQueryBuilder()
      .update(VolcAccount)
      .set({ ...patch, updatedAt: now, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return r.affected === 1;
  },

  async remove(m: EntityManager, id: string): Promise<void> {
    await repo(m).delete({ id });
  },
};
