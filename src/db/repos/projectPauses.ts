import { randomUUID } from 'node:crypto';
import { In, IsNull, type EntityManager } from 'typeorm';
import { ProjectPause } from '../entities/projectPause.js';
import { SubAccountProject } from '../entities/subAccountProject.js';
import { layerVersionsRepo } from './layerVersions.js';

export type ProjectPauseRow = ProjectPause;
export type SkippedDays = { from: string; to: string };

const repo = (m: EntityManager) => m.getRepository(ProjectPause);

/** Pauses of projects' monitoring (see the entity); the only queries on project_pauses. */
export const projectPausesRepo = {
  /**
   * Turns a project's monitoring to `monitored` only if it is not so already (compare-and-set): true when
   * this call changed it, false when another click or process did first.
   */
  async setMonitoredIf(m: EntityManager, projectId: string, monitored: boolean, now: Date): Promise<boolean> {
    const r = await m
      .getRepository(SubAccountProject)
      .update({ id: projectId, monitored: !monitored }, { monitored, updatedAt: now });
    return (r.affected ?? 0) > 0;
  },

  async open(
    m: EntityManager,
    p: { projectId: string; subAccountId: string; accountId: string; projectName: string },
    pausedAt: Date,
  ): Promise<string> {
    const id = randomUUID();
    await repo(m).insert({
      id,
      ...p,
      pausedAt,
      resumedAt: null,
      decision: null,
      skipFrom: null,
      skipTo: null,
    });
    return id;
  },

  /** The open pause of each project (the newest, should there be several), by project id. */
  async openOf(m: EntityManager, projectIds: readonly string[]): Promise<Map<string, ProjectPause>> {
    const out = new Map<string, ProjectPause>();
    if (projectIds.length === 0) return out;
    const rows = await repo(m).find({
      where: { projectId: In([...projectIds]), resumedAt: IsNull() },
      order: { pausedAt: 'ASC' },
    });
    for (const r of rows) out.set(r.projectId, r);
    return out;
  },

  /**
   * Closes an open pause (compare-and-set on resumed_at): false when it was closed already. Skipped days
   * change the stored layers of the pause's main account (its counter is raised, see layerVersions); a
   * pause closed with its spending counted changes none of their inputs (only skipped days are read), so it
   * leaves the counter, and every sub-account's kept and stored layers, as they are.
   */
  async close(
    m: EntityManager,
    pause: { id: string; accountId: string },
    d: { decision: 'count' | 'skip'; skipFrom: string | null; skipTo: string | null },
    now: Date,
  ): Promise<boolean> {
    const r = await repo(m).update({ id: pause.id, resumedAt: IsNull() }, { ...d, resumedAt: now });
    const closed = (r.affected ?? 0) > 0;
    if (closed && d.decision === 'skip' && d.skipFrom && d.skipTo)
      await layerVersionsRepo.changed(m, [pause.accountId]);
    return closed;
  },

  /** The skipped days of an account's projects (or of some of them), by project id. */
  async skippedOf(
    m: EntityManager,
    accountId: string,
    projectIds?: readonly string[],
  ): Promise<Map<string, SkippedDays[]>> {
    if (projectIds?.length === 0) return new Map();
    const rows = await repo(m).find({
      where: { accountId, decision: 'skip', ...(projectIds ? { projectId: In([...projectIds]) } : {}) },
    });
    const out = new Map<string, SkippedDays[]>();
    for (const r of rows) {
      if (!r.skipFrom || !r.skipTo) continue;
      out.set(r.projectId, [...(out.get(r.projectId) ?? []), { from: r.skipFrom, to: r.skipTo }]);
    }
    return out;
  },
};
