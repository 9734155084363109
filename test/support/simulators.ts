import { startFeishuSim, type FeishuSim, type FeishuSimOptions } from '../../src/sim/feishu/server.js';
import { startVolcSim, type VolcSim, type VolcSimOptions } from '../../src/sim/volc/server.js';

export type SimUserSpec = { openId: string; name: string; locale?: 'zh' | 'en' };
export type SimChatSpec = Parameters<FeishuSim['seedChat']>[0];

export type Simulators = { volc: VolcSim; feishu: FeishuSim; close(): Promise<void> };

/**
 * Both simulators on random ports, reached by AirGate over real HTTP: Volcengine (its seed, clock and
 * credentials from `volc`) and Feishu with the given users and chats.
 */
export async function startSimulators(
  opts: {
    volc?: VolcSimOptions;
    feishu?: FeishuSimOptions;
    users?: SimUserSpec[];
    chats?: SimChatSpec[];
  } = {},
): Promise<Simulators> {
  // AirGate's tests sweep unpaced on a virtual clock (tuning billingQps 0): the simulator's per-account call
  // limits are off unless a test asks for them (they are tested in test/sim/volc, measured in bench/).
  const volc = await startVolcSim({
    port: 0,
    ...opts.volc,
    limits: { billingQps: 0, usageQps: 0, ...opts.volc?.limits },
  });
  let feishu: FeishuSim;
  try {
    feishu = await startFeishuSim({ port: 0, ...opts.feishu });
  } catch (err) {
    await volc.close();
    throw err;
  }
  if (opts.users?.length) feishu.seedUsers(opts.users);
  for (const chat of opts.chats ?? []) feishu.seedChat(chat);
  return {
    volc,
    feishu,
    close: async () => {
      await feishu.close();
      await volc.close();
    },
  };
}
