/**
 * The Ark (火山方舟) part of the Volcengine simulator: control plane (service `ark`, 2024-01-01),
 * data plane (`/api/v3/…`), traffic generators, bill rows and admin controls. The simulator's
 * shared files call in through these few hooks.
 */
import type { SimCore } from '../core.js';
import { runTrafficUntil } from './traffic.js';

export { arkActions } from './controlPlane.js';
export { arkAdminRoutes, arkHandle, handleDataPlane, type ArkSimHandle } from './admin.js';
export { arkVisibleMicro, isArkUnit, presentArkBillRow, withArkUnits } from './bill.js';
export type { ArkSettings } from './settings.js';
export type { TrafficInput } from './traffic.js';

/** Before any OpenAPI action: every generated Ark call due by now happens first. */
export function arkBeforeAction(sim: SimCore): void {
  runTrafficUntil(sim, sim.clock.nowMs());
}

export const ARK_DATA_PLANE_PREFIX = '/api/v3/';
