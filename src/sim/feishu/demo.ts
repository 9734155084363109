import { createHash } from 'node:crypto';
import type { FeishuSim } from './server.js';

const hex = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** Stable demo ids, so a terminal chat or a script can name people across simulator restarts. */
export const demoOpenId = (key: string) => `ou_${hex(`airgate-demo-user-${key}`, 32)}`;

export const demoUsers = [
  { openId: demoOpenId('alice'), name: 'Alice', locale: 'zh' as const },
  { openId: demoOpenId('bob'), name: 'Bob', locale: 'en' as const },
  { openId: demoOpenId('carol'), name: 'Carol', locale: 'zh' as const },
];

export const demoGroup = {
  chatId: `oc_${hex('airgate-demo-group-ops', 32)}`,
  name: 'AirGate Ops',
  type: 'group' as const,
  members: demoUsers.map((u) => u.openId),
};

export const demoBotOpenId = demoOpenId('bot');

/** Alice, Bob and Carol, all in the group "AirGate Ops" with the bot. */
export function seedDemo(sim: FeishuSim): void {
  sim.seedUsers(demoUsers);
  sim.seedChat(demoGroup);
}
