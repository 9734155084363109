import { afterEach, describe, expect, it } from 'vitest';
import { withReader } from '../../src/db/repos/transaction.js';
import {
  postWeeklyUnattributed,
  unattributedWeekOf,
} from '../../src/services/enforcement/weeklyUnattributed.js';
import { readSettings } from '../../src/services/settings/getSettings.js';
import { ALERT_CHAT } from '../watch/support.js';
import { dbKinds } from '../support/databases.js';
import { cycle, openArkWorld, openOrphanWorld, type ArkWorld } from './support.js';

describe('the week a weekly line belongs to', () => {
  it.each([
    ['2026-05-11T00:59:00Z', '2026-05-04'], // Monday 08:59 in Shanghai: still last week's
    ['2026-05-11T01:00:00Z', '2026-05-11'], // Monday 09:00 in Shanghai
    ['2026-05-17T15:59:00Z', '2026-05-11'], // Sunday 23:59 in Shanghai
    ['2026-05-10T04:00:00Z', '2026-05-04'], // Sunday noon
  ])('%s belongs to the week of %s', (at, week) => {
    expect(unattributedWeekOf(new Date(at))).toBe(week);
  });
});

describe.each(dbKinds())('the weekly unattributed line in the alert chat, on %s', (kind) => {
  let a: ArkWorld | undefined;
  afterEach(async () => {
    await a?.close();
    a = undefined;
  });

  it('posts the week’s Ark spending of a project nobody monitors once a week, in the alert chat', async () => {
    a = await openOrphanWorld(kind);
    const x = a;
    const settings = await withReader(x.w.deps.db, (m) => readSettings(x.w.deps.repos, m));
    const weekly = () =>
      x.w.feishu
        .messages({ chatId: ALERT_CHAT })
        .filter((m) => JSON.stringify(m.card ?? {}).includes('每周未归属消费'));

    expect(await postWeeklyUnattributed(x.w.deps, settings, 'zh')).toBe('posted');
    expect(await postWeeklyUnattributed(x.w.deps, settings, 'zh')).toBe('already');
    await x.w.deliver();
    expect(weekly()).toHaveLength(1);
    expect(JSON.stringify(weekly()[0]!.card)).toContain('orphan ¥');

    // the next Monday 09:00 in Shanghai starts a new week: one more line
    const now = x.w.deps.clock.now().getTime();
    await x.w.advance(Date.parse('2026-05-11T01:30:00Z') - now);
    await cycle(x);
    expect(await postWeeklyUnattributed(x.w.deps, settings, 'zh')).toBe('posted');
    await x.w.deliver();
    expect(weekly()).toHaveLength(2);
  });

  it('says nothing without an alert chat, and records a quiet week without a message', async () => {
    a = await openArkWorld(kind, { quota: '1000' });
    const x = a;
    const settings = await withReader(x.w.deps.db, (m) => readSettings(x.w.deps.repos, m));
    expect(await postWeeklyUnattributed(x.w.deps, { ...settings, alertChatId: null }, 'zh')).toBe('no_chat');
    expect(await postWeeklyUnattributed(x.w.deps, settings, 'en')).toBe('nothing');
    expect(await postWeeklyUnattributed(x.w.deps, settings, 'en')).toBe('already');
  });
});
