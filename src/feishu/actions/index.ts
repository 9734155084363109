import type { AnyCardAction, AnyCardJob } from './define.js';
import { iamCardActions } from './userActions.js';
import { requestApproveAction, requestApproveJob } from './requestApprove.js';
import { requestRejectAction, requestWithdrawAction } from './requestReject.js';
import { usersPageAction } from './openUsersPage.js';
import { userOpenAction, userPickAction } from './openUserDetail.js';
import { historyPageAction } from './openHistory.js';
import { billingOpenAction } from './billingOpen.js';
import { alertsFilterAction, alertsPageAction } from './alertsPage.js';
import { checkRunAction, dashboardOpenAction } from './dashboardOpen.js';
import { applyAction, applyPromptAction } from './quotaApply.js';
import { quotaOpenAction, quotaPickAction } from './quotaOpen.js';
import {
  allocateAction,
  allocatePromptAction,
  projectRemoveAction,
  projectToggleAllAction,
} from './cardButtons.js';
import { auditPageAction } from './auditPage.js';
import { projectResumeAction } from './projectResume.js';

/** Every card action; add one with one line here. */
export const cardActions: AnyCardAction[] = [
  requestApproveAction,
  requestRejectAction,
  requestWithdrawAction,
  usersPageAction,
  userOpenAction,
  userPickAction,
  historyPageAction,
  billingOpenAction,
  alertsFilterAction,
  alertsPageAction,
  dashboardOpenAction,
  checkRunAction,
  applyPromptAction,
  applyAction,
  quotaOpenAction,
  quotaPickAction,
  allocatePromptAction,
  allocateAction,
  projectRemoveAction,
  projectToggleAllAction,
  auditPageAction,
  projectResumeAction,
];

// The IAM, project and settings card actions (userActions.ts).
cardActions.push(...iamCardActions);

/** The jobs card actions store to run after their answer (define.ts CardJob). */
export const cardJobs: AnyCardJob[] = [requestApproveJob];
