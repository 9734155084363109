import { describe, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { MYSQL_DAYS, simulateAndCheck } from './simulationCase.js';

describe.skipIf(!dbKinds().includes('mysql'))('deterministic simulation of the spending watch', () => {
  it(
    `${MYSQL_DAYS} days × 50 sub-accounts on mysql: every invariant holds after every cycle`,
    () => simulateAndCheck('mysql', MYSQL_DAYS),
    600_000,
  );
});
