import Router from '@koa/router';
import type { SimRuntime } from './runtime.js';

/**
 * GET /open-apis/bot/v3/info: the bot's own identity. An older API than im/v1, so its body is not
 * wrapped in `data`: {code, msg, bot:{…}} (Open Platform "获取机器人信息"); activate_status 2 = active.
 */
export function botInfoRoutes(rt: SimRuntime): Router {
  const r = new Router({ prefix: '/open-apis/bot/v3' });
  r.get('/info', (ctx) => {
    const { bot } = rt.state;
    ctx.status = 200;
    ctx.body = {
      code: 0,
      msg: 'ok',
      bot: {
        activate_status: 2,
        app_name: bot.name,
        avatar_url: '',
        ip_white_list: [],
        open_id: bot.openId,
      },
    };
  });
  return r;
}
