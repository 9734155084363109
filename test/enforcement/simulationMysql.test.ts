import { describe, it } from 'vitest';
import { dbKinds } from '../support/databases.js';
import { MYSQL_DAYS, simulateAndCheck } from './simulationCase.js';

describe.skipIf(!dbKinds().includes('mysql'))(
  'deterministic simulation of Ark spending under the enforcement ladder',
  () => {
    it(
      `${MYSQL_DAYS} days × 50 sub-accounts on mysql: stopped projects refuse their traffic, every restore follows an allocation once`,
      () => simulateAndCheck('mysql', MYSQL_DAYS),
      600_000,
    );
  },
);
