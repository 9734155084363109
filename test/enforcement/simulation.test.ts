import { describe, it } from 'vitest';
import { DAYS, simulateAndCheck } from './simulationCase.js';

describe('deterministic simulation of Ark spending under the enforcement ladder', () => {
  it(
    `${DAYS} days × 50 sub-accounts on sqlite: stopped projects refuse their traffic, every restore follows an allocation once`,
    () => simulateAndCheck('sqlite', DAYS),
    600_000,
  );
});
