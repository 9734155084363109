import type { Command } from 'commander';
import { demoFeishuCredentials } from '../../../config/demoCredentials.js';
import { envSchema } from '../../../config/schema.js';
import { UsageError } from '../../../errors.js';
import { action, untilSignal } from '../../run.js';

type Opts = {
  port: string;
  host: string;
  eventUrl: string;
  demo: boolean;
  groupAll?: boolean;
  seed?: string;
};

const FROM_ENV = '(FEISHU_* from the environment; not echoed)';

export function registerFeishuSim(program: Command): void {
  program
    .command('feishu-sim')
    .description(
      '单独运行飞书开放平台模拟器（令牌、消息、卡片、事件、回调） / run the Feishu simulator alone',
    )
    .option('--port <port>', 'port to listen on', '18090')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option(
      '--event-url <url>',
      "where events and card callbacks go (AirGate's /feishu/events)",
      `http://127.0.0.1:${process.env.PORT ?? 3000}/feishu/events`,
    )
    .option('--no-demo', 'do not seed the demo users and group')
    .option('--group-all', 'deliver every group message, not only @mentions of the bot')
    .option('--seed <n>', 'seed of the random source behind injected errors')
    .action(
      action(async (opts: Opts) => {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError('--port expects 0-65535');
        const seed = opts.seed === undefined ? undefined : Number(opts.seed);
        if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError('--seed expects an integer');
        if (opts.eventUrl && !/^https?:\/\//.test(opts.eventUrl))
          throw new UsageError('--event-url expects an http(s) URL');
        const env = envSchema
          .pick({
            FEISHU_APP_ID: true,
            FEISHU_APP_SECRET: true,
            FEISHU_ENCRYPT_KEY: true,
            FEISHU_VERIFICATION_TOKEN: true,
          })
          .parse(process.env);
        const fromEnv = Boolean(env.FEISHU_APP_ID && env.FEISHU_APP_SECRET && env.FEISHU_VERIFICATION_TOKEN);
        if (!fromEnv && (env.FEISHU_APP_ID || env.FEISHU_APP_SECRET || env.FEISHU_VERIFICATION_TOKEN)) {
          throw new UsageError(
            'set FEISHU_APP_ID, FEISHU_APP_SECRET and FEISHU_VERIFICATION_TOKEN together (or none for the demo app)',
          );
        }
        const app = fromEnv
          ? {
              appId: env.FEISHU_APP_ID ?? '',
              appSecret: env.FEISHU_APP_SECRET ?? '',
              encryptKey: env.FEISHU_ENCRYPT_KEY,
              verificationToken: env.FEISHU_VERIFICATION_TOKEN ?? '',
            }
          : { ...demoFeishuCredentials };
        // Loaded here, not at the top: `airgate serve` and `--help` never load the simulators.
        const { startFeishuSim } = await import('../../../sim/feishu/server.js');
        const { demoBotOpenId, demoGroup, demoUsers, seedDemo } = await import('../../../sim/feishu/demo.js');
        const sim = await startFeishuSim({
          port,
          host: opts.host,
          app,
          eventUrl: opts.eventUrl || undefined,
          botOpenId: demoBotOpenId,
          groupAllMessages: opts.groupAll ?? false,
          ...(seed !== undefined ? { seed } : {}),
        });
        if (opts.demo) seedDemo(sim);
        // Demo credentials are public; configured ones are only named, never printed.
        const shown = (v: string | undefined) => (fromEnv ? FROM_ENV : (v ?? ''));
        process.stdout.write(
          [
            `Feishu simulator listening on ${sim.url} (bot ${sim.bot.name} ${sim.bot.openId})`,
            `events and card callbacks → ${sim.eventUrl() ?? '(none: PUT /__sim/event-url)'}`,
            `FEISHU_BASE_URL=${sim.url}`,
            `FEISHU_APP_ID=${app.appId}`,
            `FEISHU_APP_SECRET=${shown(app.appSecret)}`,
            `FEISHU_ENCRYPT_KEY=${app.encryptKey ? shown(app.encryptKey) : ''}`,
            `FEISHU_VERIFICATION_TOKEN=${shown(app.verificationToken)}`,
            ...(opts.demo
              ? [
                  `users: ${demoUsers.map((u) => `${u.name} ${u.openId}`).join(', ')}`,
                  `group: "${demoGroup.name}" ${demoGroup.chatId}`,
                  `chat:  airgate chat --as Alice --sim ${sim.url}   (add --chat "${demoGroup.name}" for the group)`,
                ]
              : []),
            `admin: ${sim.url}/__sim/ info, users, chats, say, click, menu, messages, feed, faults, clock/advance, event-url, deliveries`,
            '',
          ].join('\n'),
        );
        await untilSignal();
        await sim.close();
      }),
    );
}
