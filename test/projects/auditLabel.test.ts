import { describe, expect, it } from 'vitest';
import { auditKindLabel } from '../../cards/auditList.js';
import { translator } from '../../cards/i18n/index.js';

describe('the audit log names the paused-period decision', () => {
  it('in Chinese and English', () => {
    expect(auditKindLabel(translator('zh'), 'project.paused_spending')).toBe(
      '恢复时决定暂停期间的消费是否计入',
    );
    expect(auditKindLabel(translator('en'), 'project.paused_spending')).toBe(
      'paused period counted or not, on resume',
    );
  });
});
