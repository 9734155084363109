import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { callbackValues, cardText, click, say, valueOf } from './support/chat.js';
import { givenSubAccount, startWorld, type World } from './support/world.js';

describe.each(dbKinds())('the first ten minutes in the chat (%s)', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(kind);
    await givenSubAccount(w, { userName: 'fm-leo', owner: 'lead', projects: { 'fm-p1': '30' }, quota: '100' });
    await givenSubAccount(w, { userName: 'fm-liz-a', owner: 'lead2', projects: { 'fm-p2': '5' }, quota: '50' });
    await givenSubAccount(w, { userName: 'fm-liz-b', owner: 'lead2', projects: { 'fm-p3': '1' }, quota: '10' });
  });
  afterAll(async () => {
    await w?.close();
  });

  it('额度 alone: a lead with one sub-account sees its quota; with several, a picker that opens one', async () => {
    for (const text of ['额度', '我的额度']) {
      const one = await say(w, 'lead', text);
      expect(one.text).toContain('fm-leo');
      expect(one.text).toContain('¥100.00');
      expect(one.text).not.toContain('缺少参数');
    }
    const several = await say(w, 'lead2', '额度');
    expect(several.text).toContain('fm-liz-a');
    expect(several.text).toContain('fm-liz-b');
    expect(several.text).not.toContain('fm-leo');
    const b = callbackValues(several.card).filter((v) => v.a === 'quota.open');
    expect(b).toHaveLength(2);
    const opened = await click(w, 'lead2', several.message.messageId, b[1]!);
    expect(opened.cardUpdated).toBe(true);
    const text = cardText(w.feishu.message(several.message.messageId)!.card);
    expect(text).toContain('fm-liz-b');
    expect(text).toContain('¥10.00');
    const en = await say(w, 'lead2', 'my quota');
    expect(en.text).toContain('fm-liz-a');
    expect(valueOf(en.card, 'quota.open')).toBeTruthy();
  });
});
