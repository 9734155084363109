import type { MigrationInterface } from 'typeorm';
import { CoreSchema1795570481588 } from './1795570481588-CoreSchema.js';
import { FeishuInboxOutbox1795570560630 } from './1795570560630-FeishuInboxOutbox.js';
import { WatchState1795572309669 } from './1795572309669-WatchState.js';
import { BinaryCollation1796000100000 } from './1796000100000-BinaryCollation.js';
import { SubAccountApiKeys1796000200000 } from './1796000200000-SubAccountApiKeys.js';
import { EnforcementChanges1796000400000 } from './1796000400000-EnforcementChanges.js';
import { ScrubFeishuInboxTokens1796000500000 } from './1796000500000-ScrubFeishuInboxTokens.js';
import { Notifications1796000600000 } from './1796000600000-Notifications.js';
import { RequestNotices1796000700000 } from './1796000700000-RequestNotices.js';
import { SpendingLayers1796000800000 } from './1796000800000-SpendingLayers.js';
import { ApprovalCenterSync1796001000000 } from './1796001000000-ApprovalCenterSync.js';
import { Statements1796001100000 } from './1796001100000-Statements.js';
import { UrgentCalls1796001100001 } from './1796001100001-UrgentCalls.js';
import { BilledLayer1796001200000 } from './1796001200000-BilledLayer.js';
import { ProjectPauses1796001300000 } from './1796001300000-ProjectPauses.js';
import { RequestSteps1796001400000 } from './1796001400000-RequestSteps.js';
import { SpendingLayerVersions1796001500000 } from './1796001500000-SpendingLayerVersions.js';
import { SubAccountLayers1796001600000 } from './1796001600000-SubAccountLayers.js';
import { OutboxPendingHeads1796001700000 } from './1796001700000-OutboxPendingHeads.js';

/**
 * Every migration in the order it runs. Each one is written with the QueryRunner/Table API (or with a
 * branch per driver) so that it runs on MySQL/MariaDB and on SQLite; CI runs them on both.
 */
export const migrations: Array<new () => MigrationInterface> = [
  CoreSchema1795570481588,
  FeishuInboxOutbox1795570560630,
  WatchState1795572309669,
  BinaryCollation1796000100000,
  SubAccountApiKeys1796000200000,
  EnforcementChanges1796000400000,
  ScrubFeishuInboxTokens1796000500000,
  Notifications1796000600000,
  RequestNotices1796000700000,
  SpendingLayers1796000800000,
  ApprovalCenterSync1796001000000,
  Statements1796001100000,
  UrgentCalls1796001100001,
  BilledLayer1796001200000,
  ProjectPauses1796001300000,
  RequestSteps1796001400000,
  SpendingLayerVersions1796001500000,
  SubAccountLayers1796001600000,
  OutboxPendingHeads1796001700000,
];
