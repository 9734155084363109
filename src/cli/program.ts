import { Command, Help } from 'commander';
import { t } from './i18n.js';

type Register = (program: Command) => void;

/**
 * One top-level command: what `airgate --help` lists about it, and how to load its module. A command's
 * module (and what it imports: typeorm, the SDKs, the simulators) is loaded only when that command runs
 * or its own help is asked for, so `airgate --help` and every other command skip it. The help line here
 * must equal the module's (test/cli/lazyLoad.test.ts compares them).
 */
export type CommandEntry = {
  name: string;
  /** the command's help term without its name: "[options]", "[options] <action> [params...]", "" */
  args: string;
  description: () => string;
  load: () => Promise<Register>;
};

const both = (zh: string, en: string) => () => `${zh} / ${en}`;

/** The `airgate` commands, in help order; one file (or folder) per command under commands/. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    args: '[options]',
    description: both(
      '启动 AirGate 服务（HTTP API、飞书事件、定时检查）',
      'start the server (HTTP API, Feishu events, scheduler)',
    ),
    load: async () => (await import('./commands/serve.js')).registerServe,
  },
  {
    name: 'migrate',
    args: '[options]',
    description: both('执行待运行的数据库迁移（serve 启动时也会执行）', 'run pending database migrations'),
    load: async () => (await import('./commands/migrate.js')).registerMigrate,
  },
  {
    name: 'volc',
    args: '[options] <action> [params...]',
    description: both(
      '用配置的密钥调用任意火山引擎 OpenAPI，输出 Result JSON',
      'call any Volcengine action, print its Result',
    ),
    load: async () => (await import('./commands/volc.js')).registerVolc,
  },
  {
    name: 'volc-sim',
    args: '[options]',
    description: both('单独运行火山引擎模拟器（IAM、项目、账单）', 'run the Volcengine simulator alone'),
    load: async () => (await import('./commands/simulators/volcSim.js')).registerVolcSim,
  },
  {
    name: 'sandbox',
    args: '[options]',
    description: both(
      '在本机运行整个产品：SQLite 上的 AirGate、模拟的火山引擎和飞书、演示数据和终端聊天',
      'the whole product locally, no credentials',
    ),
    load: async () => (await import('./commands/simulators/sandbox.js')).registerSandbox,
  },
  {
    name: 'feishu-sim',
    args: '[options]',
    description: both(
      '单独运行飞书开放平台模拟器（令牌、消息、卡片、事件、回调）',
      'run the Feishu simulator alone',
    ),
    load: async () => (await import('./commands/simulators/feishuSim.js')).registerFeishuSim,
  },
  {
    name: 'chat',
    args: '[options]',
    description: both(
      '以飞书模拟器中的某个用户身份与运行中的 AirGate 对话',
      'chat with a running AirGate through the Feishu simulator',
    ),
    load: async () => (await import('./commands/simulators/chat.js')).registerChat,
  },
  {
    name: 'account',
    args: '',
    description: () => t('管理火山引擎主账号', 'manage Volcengine main accounts'),
    load: async () => (await import('./commands/account/index.js')).registerAccount,
  },
  {
    name: 'user',
    args: '',
    description: () => t('管理子账号（火山引擎 IAM 用户）', 'manage sub-accounts (Volcengine IAM users)'),
    load: async () => (await import('./commands/user/index.js')).registerUser,
  },
  {
    name: 'policy',
    args: '',
    description: () => t('管理子账号的权限策略', "manage sub-accounts' policies"),
    load: async () => (await import('./commands/policy/index.js')).registerPolicy,
  },
  {
    name: 'project',
    args: '',
    description: () => t('管理子账号的火山引擎项目', "manage sub-accounts' Volcengine projects"),
    load: async () => (await import('./commands/project/index.js')).registerProject,
  },
  {
    name: 'quota',
    args: '',
    description: () => t('分配、扣减额度与查看流水', 'allocate and deduct quota, see the ledger'),
    load: async () => (await import('./commands/quota/index.js')).registerQuota,
  },
  {
    name: 'member',
    args: '',
    description: () => t('管理成员与角色', 'manage members and their roles'),
    load: async () => (await import('./commands/member/index.js')).registerMember,
  },
  {
    name: 'settings',
    args: '',
    description: () =>
      t(
        '查看或修改设置（飞书设置卡片之外的全部设置项）',
        'show or change settings (every one, not only those on the Feishu settings card)',
      ),
    load: async () => (await import('./commands/settings/index.js')).registerSettings,
  },
  {
    name: 'apikey',
    args: '',
    description: () => t('管理外部系统使用的 API key', 'manage API keys for external systems'),
    load: async () => (await import('./commands/apikey/index.js')).registerApiKey,
  },
  {
    name: 'check',
    args: '[options]',
    description: () =>
      t(
        '立即运行一轮消费检查（账单同步、阈值告警、到额禁用与恢复）',
        'run one spending check now (bill sync, alerts, disable at 100 %, re-enable)',
      ),
    load: async () => (await import('./commands/check.js')).registerCheck,
  },
  {
    name: 'scheduler',
    args: '[options]',
    description: () =>
      t(
        '只运行定时消费检查（及告警投递），不启动 HTTP 服务',
        'run only the scheduled spending checks (and alert delivery), no HTTP server',
      ),
    load: async () => (await import('./commands/scheduler.js')).registerScheduler,
  },
  {
    name: 'doctor',
    args: '[options]',
    description: () =>
      t(
        '检查配置、数据库与迁移、每个火山引擎账号（签名与权限）和飞书应用（凭据、机器人、告警群、事件接收）',
        'check the configuration, database and migrations, each Volcengine account (signature, permissions) and the Feishu app (credentials, bot, alert chat, events)',
      ),
    load: async () => (await import('./commands/doctor.js')).registerDoctor,
  },
  {
    name: 'wait-db',
    args: '[options]',
    description: () =>
      t(
        '等待数据库可连接（容器启动时使用），可选随后执行待执行的迁移（多副本同时启动也只执行一次）',
        'wait until the database accepts connections (container start), then optionally run pending migrations (once, even with replicas starting together)',
      ),
    load: async () => (await import('./commands/waitDb.js')).registerWaitDb,
  },
  {
    name: 'setup',
    args: '',
    description: () => t('一次性的飞书配置（审批中心等）', 'one-time Feishu set-up (approval centre, …)'),
    load: async () => (await import('./commands/setup/index.js')).registerSetup,
  },
  {
    name: 'statement',
    args: '[options] <month>',
    description: () =>
      t(
        '月结单（CSV）：每个主账号、子账号与项目的月初额度、分配、扣减、消费（出账账单）、剩余、提醒与停用',
        'month-end statement (CSV): per main account, sub-account and project — quota at the start, allocations, deductions, spending (final bill), remaining, alerts and disables',
      ),
    load: async () => (await import('./commands/statement/index.js')).registerStatement,
  },
  {
    name: 'audit',
    args: '[options]',
    description: () =>
      t(
        '审计日志（最新在前）：谁在何时改了什么，可按子账号、操作人、类型筛选',
        'the audit log, newest first: who changed what and when, filtered by sub-account, person or kind',
      ),
    load: async () => (await import('./commands/audit/index.js')).registerAudit,
  },
];

function root(): Command {
  return new Command('airgate')
    .description('AirGate: prepaid quotas for Volcengine IAM sub-accounts, run from a Feishu chatbot')
    .showHelpAfterError()
    .exitOverride();
}

/** The whole `airgate` command line, every command's module loaded (tests; help of everything). */
export async function buildProgram(): Promise<Command> {
  const program = root();
  for (const register of await Promise.all(COMMANDS.map((c) => c.load()))) register(program);
  return program;
}

/**
 * The command line for one invocation: the module of the command in `argv` only. Without one (`airgate`,
 * `airgate --help`, a mistyped name) every command is listed from COMMANDS without loading any module, so
 * the help and commander's "did you mean" still know them all.
 */
export async function programFor(argv: readonly string[]): Promise<Command> {
  const program = root();
  const args = argv.slice(2);
  const first = args.findIndex((a) => !a.startsWith('-'));
  let name = first >= 0 ? args[first] : undefined;
  // `airgate help user` is `airgate user --help`.
  if (name === 'help') name = args.slice(first + 1).find((a) => !a.startsWith('-'));
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry) {
    (await entry.load())(program);
    return program;
  }
  const terms = new Map(COMMANDS.map((c) => [c.name, c.args ? `${c.name} ${c.args}` : c.name]));
  const plain = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? plain.subcommandTerm(cmd) });
  for (const c of COMMANDS) program.command(c.name).description(c.description());
  return program;
}
