import { VolcAccount } from './volcAccount.js';
import { SubAccount } from './subAccount.js';
import { SubAccountProject } from './subAccountProject.js';
import { LedgerEntry } from './ledgerEntry.js';
import { QuotaRequest } from './quotaRequest.js';
import { SpendingRecord } from './spendingRecord.js';
import { Alert } from './alert.js';
import { Setting } from './setting.js';
import { Member } from './member.js';
import { ApiKey } from './apiKey.js';
import { AuditLog } from './auditLog.js';
import { FeishuInboxEvent } from './feishuInboxEvent.js';
import { FeishuOutboxMessage } from './feishuOutboxMessage.js';
import { WatchLease } from './watchLease.js';
import { WatchCycle } from './watchCycle.js';
import { WatchAccount } from './watchAccount.js';
import { SpendingSnapshot } from './spendingSnapshot.js';
import { EnforcementChange } from './enforcementChange.js';
import { Notification } from './notification.js';
import { SpendingEstimate } from './spendingEstimate.js';
import { SpendingCalibration } from './spendingCalibration.js';
import { SpendingBilled } from './spendingBilled.js';
import { SpendingError } from './spendingError.js';
import { ApprovalCenterSync } from './approvalCenterSync.js';
import { Statement } from './statement.js';
import { UrgentCall } from './urgentCall.js';
import { ProjectPause } from './projectPause.js';
import { SpendingLayerVersion } from './spendingLayerVersion.js';
import { SubAccountLayer } from './subAccountLayer.js';

/**
 * Every TypeORM entity, in one list the DataSource reads. Add a line per entity file.
 */
export const entities: Function[] = [
  VolcAccount,
  SubAccount,
  SubAccountProject,
  LedgerEntry,
  QuotaRequest,
  SpendingRecord,
  Alert,
  Setting,
  Member,
  ApiKey,
  AuditLog,
  FeishuInboxEvent,
  FeishuOutboxMessage,
  WatchLease,
  WatchCycle,
  WatchAccount,
  SpendingSnapshot,
  EnforcementChange,
  Notification,
  SpendingEstimate,
  SpendingCalibration,
  SpendingBilled,
  SpendingError,
  ApprovalCenterSync,
  Statement,
  UrgentCall,
  ProjectPause,
  SpendingLayerVersion,
  SubAccountLayer,
];
