/**
 * The one test harness: a fresh database (copied from the run's migrated template), real deps or the
 * running server on it, both simulators over real HTTP, and factories for the rows a test starts from.
 * The older per-folder supports build on these.
 */
export { openApp, captureLogs, type App, type AppOptions } from './app.js';
export { testClock, type TestClock } from './clock.js';
export { createTestDatabase, dbKinds, type DbKind, type TestDatabase } from './databases.js';
export {
  givenAllocation,
  givenMainAccount,
  givenMember,
  givenProject,
  givenRequest,
  givenSpend,
  givenSubAccount,
  type SubAccountSpec,
} from './factories.js';
export { startSimulators, type Simulators, type SimChatSpec, type SimUserSpec } from './simulators.js';
export { startFaultProxy, type FaultProxy, type VolcFault } from './volcFaultProxy.js';
