import { z } from 'zod';
import { auditListCard, type AuditListView } from '../../../cards/auditList.js';
import type { Deps } from '../../deps.js';
import { readAuditLog } from '../../services/audit/listAudit.js';
import { loadSubAccount } from '../../services/iam/loadSubAccount.js';
import { resolveSubAccount } from '../../services/quota/resolveSubAccount.js';
import { defineChatCommand } from './define.js';
import { subRef } from './views.js';

/** The card pages what it is given: the newest 500 matching entries are 25 pages. */
const LIMIT = 500;

const PERSON = ['人', '操作人', 'person', 'by', 'actor'];
const KIND = ['类型', '操作', 'kind', 'type', 'action'];

export type AuditArgs = { name?: string; person?: string; kind?: string };

/** `[NAME] [人=成员] [类型=种类]` in any order ("：" works as "=" too). */
const args = z.array(z.string()).transform((words, ctx): AuditArgs => {
  const out: AuditArgs = {};
  for (const w of words) {
    const m = /^([^=：:]+)[=：]\s*(.+)$/.exec(w);
    const key = m?.[1]!.toLowerCase();
    if (m && key && PERSON.includes(key)) out.person = m[2]!;
    else if (m && key && KIND.includes(key)) out.kind = m[2]!.toLowerCase();
    else if (out.name === undefined && !m) out.name = w;
    else {
      ctx.addIssue({
        code: 'custom',
        message: `看不懂：${w}（用法：审计 [名称] [人=成员] [类型=种类]） / not understood: ${w} (usage: audit [NAME] [person=MEMBER] [kind=KIND])`,
      });
      return z.NEVER;
    }
  }
  return out;
});

/** The newest entries matching the filters, named for people; `person` is a name as typed or an actor id. */
export async function loadAudit(
  deps: Deps,
  input: { subAccountId?: string; person?: string; kind?: string; page: number },
): Promise<AuditListView> {
  const sub = input.subAccountId ? await loadSubAccount(deps, input.subAccountId) : undefined;
  const { entries, nextCursor, actor } = await readAuditLog(deps, {
    ...(sub ? { subAccountId: sub.id } : {}),
    ...(input.person ? { person: input.person } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
    limit: LIMIT,
  });
  return {
    entries: entries.map((e) => ({
      at: e.at,
      actor: e.actorName,
      kind: e.action,
      target: e.targetName ?? `${e.targetType} ${e.targetId}`,
      summary: e.summary,
    })),
    page: input.page,
    truncated: nextCursor !== null,
    ...(sub ? { sub: subRef(sub) } : {}),
    ...(actor ? { person: actor } : {}),
    ...(input.kind ? { kind: input.kind } : {}),
  };
}

/** audit [NAME] [人=成员] [类型=种类] / 审计: who changed what, newest first. Admins only (audit.view). */
export const auditCommand = defineChatCommand({
  key: 'audit',
  names: ['audit', '审计', '审计日志'],
  args,
  policy: 'audit.view',
  run: async (deps, _actor, a) => {
    const sub = a.name ? await resolveSubAccount(deps, a.name) : undefined;
    return loadAudit(deps, {
      ...(sub ? { subAccountId: sub.id } : {}),
      ...(a.person ? { person: a.person } : {}),
      ...(a.kind ? { kind: a.kind } : {}),
      page: 1,
    });
  },
  render: (view, locale) => auditListCard(view, locale),
});
