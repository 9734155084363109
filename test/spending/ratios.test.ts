import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { errorsByProject, splitExtra } from '../../src/domain/spendingLayers.js';
import { ALL_MODELS, ratioResolver } from '../../src/services/spending/ratios.js';

const at = new Date('2026-05-10T06:00:00Z');
const billed = (day: string, model: string, b: string, e: string) => ({
  accountId: 'acc',
  day,
  model,
  billed: money(b),
  estimated: money(e),
  spanUntil: at,
  readAt: at,
});
const cal = (model: string, ratio: string) => ({
  accountId: 'acc',
  model,
  ratio: money(ratio),
  estimated: money('0'),
  finalAmount: money('0'),
  lastDay: '2026-05-01',
  updatedAt: at,
});
const err = (project: string, model: string, e: string, f: string) => ({
  accountId: 'acc',
  projectName: project,
  model,
  estimated: money(e),
  finalAmount: money(f),
  lastDay: '2026-05-01',
  updatedAt: at,
});

describe('which calibration an estimate gets', () => {
  const ratioFor = ratioResolver({
    billed: [
      billed('2026-05-09', 'm1', '90', '100'),
      billed('2026-05-10', 'm1', '80', '100'),
      billed('2026-05-10', 'm2', '0', '50'),
      billed('2026-05-10', ALL_MODELS, '80', '150'),
    ],
    errors: [err('pa', 'm2', '120', '100'), err('pa', 'm3', '50', '100')],
    calibrations: [cal('m2', '0.5'), cal('m3', '1.5'), cal('m4', '1.1')],
  });

  it('the bill detail of the same day and model first, then its newest other open day', () => {
    expect(ratioFor('pa', '2026-05-10', 'm1')).toBe(800_000n);
    expect(ratioFor('pa', '2026-05-09', 'm1')).toBe(900_000n);
    expect(ratioFor('pa', '2026-05-11', 'm1')).toBe(800_000n);
  });

  it('a billed 0 calibrates nothing (the estimate is not wiped out by a name the bill spells otherwise)', () => {
    // m2: the project's own error over closed days (100 ÷ 120), not the billed 0, not the model's 0.5
    expect(ratioFor('pa', '2026-05-10', 'm2')).toBe(833_333n);
    expect(ratioFor('pb', '2026-05-10', 'm2')).toBe(500_000n);
  });

  it('the project and model’s error before the model’s over every project; else 1', () => {
    expect(ratioFor('pa', '2026-05-10', 'm3')).toBe(2_000_000n);
    expect(ratioFor('pb', '2026-05-10', 'm3')).toBe(1_500_000n);
    expect(ratioFor('pa', '2026-05-10', 'm4')).toBe(1_100_000n);
    expect(ratioFor('pa', '2026-05-10', 'm5')).toBe(1_000_000n);
  });
});

describe('an open day split by layer', () => {
  it('billed is what the covered hours add over the bill, estimated the rest; never more than the extra', () => {
    expect(splitExtra(0n, 60n, 100n)).toEqual({ billed: 60n, estimated: 40n });
    expect(splitExtra(70n, 60n, 100n)).toEqual({ billed: 0n, estimated: 30n });
    expect(splitExtra(120n, 60n, 100n)).toEqual({ billed: 0n, estimated: 0n });
    expect(splitExtra(10n, 100n, 100n)).toEqual({ billed: 90n, estimated: 0n });
  });
});

describe('the estimate’s error per project and model', () => {
  it('shares a project/day’s Ark figure among its models by their estimates; one model is exact', () => {
    const rows = [
      { project: 'pa', day: '2026-05-08', model: 'm1', estimated: 120n, arkFinal: 100n },
      { project: 'pb', day: '2026-05-08', model: 'm1', estimated: 30n, arkFinal: 40n },
      { project: 'pb', day: '2026-05-08', model: 'm2', estimated: 10n, arkFinal: 40n },
      { project: 'pa', day: '2026-05-09', model: 'm1', estimated: 60n, arkFinal: 50n },
    ];
    expect(errorsByProject(rows)).toEqual([
      { project: 'pa', model: 'm1', estimated: 180n, final: 150n, lastDay: '2026-05-09' },
      { project: 'pb', model: 'm1', estimated: 30n, final: 30n, lastDay: '2026-05-08' },
      { project: 'pb', model: 'm2', estimated: 10n, final: 10n, lastDay: '2026-05-08' },
    ]);
  });
});
