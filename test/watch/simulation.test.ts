import { describe, it } from 'vitest';
import { DAYS, simulateAndCheck } from './simulationCase.js';

describe('deterministic simulation of the spending watch', () => {
  it(
    `${DAYS} days × 50 sub-accounts on sqlite: every invariant holds after every cycle`,
    () => simulateAndCheck('sqlite', DAYS),
    600_000,
  );
});
