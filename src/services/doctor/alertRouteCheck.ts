import { withReader } from '../../db/repos/transaction.js';
import { getSettings } from '../settings/getSettings.js';
import { bi, check, type DoctorCheck, type DoctorContext } from './types.js';

const TITLE = bi('告警去向', 'where alerts go');

/**
 * Critical cards (a disable, a failed enforcement, a sync error) go to the alert chat, the sub-account's
 * owner, or else to every admin by direct message. With no alert chat and no admin they reach no one
 * (synced and imported sub-accounts have no owner): that fails, it does not warn.
 */
export async function checkAlertRoute(ctx: DoctorContext): Promise<DoctorCheck> {
  if (!ctx.dbReady)
    return check('alerts.route', 'skip', TITLE, bi('需要数据库（见上）', 'needs the database (see above)'));
  const { alertChatId } = await getSettings(ctx.deps);
  const members = await withReader(ctx.deps.db, (m) => ctx.deps.repos.members.list(m));
  const known = new Set(members.map((x) => x.openId));
  // AIRGATE_ADMINS people who are not members yet become admins at the next start.
  const admins =
    members.filter((x) => x.roles.includes('admin')).length +
    ctx.config.admins.filter((id) => !known.has(id)).length;
  if (alertChatId) {
    return check(
      'alerts.route',
      'pass',
      TITLE,
      bi(`告警群 ${alertChatId}，管理员 ${admins} 人`, `alert chat ${alertChatId}, ${admins} admin(s)`),
    );
  }
  if (admins > 0) {
    return check(
      'alerts.route',
      'pass',
      TITLE,
      bi(
        `未设置告警群：严重告警私信 ${admins} 位管理员`,
        `no alert chat: critical alerts go to ${admins} admin(s) by direct message`,
      ),
    );
  }
  return check(
    'alerts.route',
    'fail',
    TITLE,
    bi(
      '既没有告警群也没有管理员：停用、停用失败和账单同步错误的告警发不给任何人',
      'no alert chat and no admin: disable, enforcement-failed and sync-error alerts reach no one',
    ),
    bi(
      '在 AIRGATE_ADMINS 中填入管理员的 open_id 并重启，或把机器人拉进群后 @机器人 发送「设置」选择告警群',
      'put an admin’s open_id in AIRGATE_ADMINS and restart, or add the bot to a group, @mention it with "settings" and pick the alert chat',
    ),
  );
}
