// A second AirGate process for the two-process SQLite test: allocates to one sub-account and exits.
import { loadConfig } from '../../src/config/loadConfig.js';
import { closeDeps, createDeps, initDeps } from '../../src/deps.js';
import { parseAmount } from '../../src/services/quota/parseAmount.js';
import { createLogger } from '../../src/log/logger.js';
import { allocateQuota } from '../../src/services/quota/allocateQuota.js';

const [path, subAccountId, prefix, count] = process.argv.slice(2) as [string, string, string, string];
const deps = createDeps(
  { ...loadConfig({}), database: { type: 'sqlite', path } },
  { log: createLogger('silent') },
);
await initDeps(deps, { migrate: false });
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    allocateQuota(deps, {
      actor: { kind: 'cli', osUser: 'second-process' },
      subAccountId,
      amount: parseAmount('1.25'),
      note: '',
      requestId: `${prefix}-${i}`,
    }),
  ),
);
await closeDeps(deps);
process.stdout.write('done\n');
