import { withReader } from '../../db/repos/transaction.js';
import { toSeed } from '../members/seedAdmins.js';
import { bi, check, type DoctorCheck, type DoctorContext } from './types.js';

const TITLE = bi('管理员', 'admins');

/**
 * Warns when no member holds the admin role: nobody could then manage AirGate from chat, and
 * AIRGATE_ADMINS does not bring one back (it only seeds people who were never members).
 */
export async function checkAdmins(ctx: Pick<DoctorContext, 'deps' | 'dbReady'>): Promise<DoctorCheck[]> {
  if (!ctx.dbReady)
    return [
      check('admins', 'skip', TITLE, bi('数据库不可用，未检查', 'not checked: the database is not ready')),
    ];
  const { deps } = ctx;
  const [admins, seeded] = await withReader(deps.db, async (m) => [
    (await deps.repos.members.list(m)).filter((x) => x.roles.includes('admin')),
    await toSeed(deps, m),
  ]);
  if (admins.length > 0) {
    return [check('admins', 'pass', TITLE, bi(`${admins.length} 位管理员`, `${admins.length} admin(s)`))];
  }
  if (seeded.length > 0) {
    return [
      check(
        'admins',
        'pass',
        TITLE,
        bi(
          `AIRGATE_ADMINS 中的 ${seeded.length} 人将在启动时成为管理员`,
          `${seeded.length} person(s) of AIRGATE_ADMINS become admin at start-up`,
        ),
      ),
    ];
  }
  return [
    check(
      'admins',
      'warn',
      TITLE,
      bi('没有任何成员拥有管理员角色', 'no member has the admin role'),
      bi(
        '运行 airgate member add <open_id> --roles admin 指定一位管理员',
        'run `airgate member add <open_id> --roles admin` to name one',
      ),
    ),
  ];
}
