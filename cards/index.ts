/** Every card AirGate sends, its view type, and the helpers handlers need (values, i18n, formatting). */
export { accountListCard, type AccountListView, type AccountRow } from './accountList.js';
export { accountPickerCard, type AccountPickerView } from './accountPicker.js';
export { actionDoneCard, type ActionDoneKind, type ActionDoneView } from './actionDone.js';
export {
  alertListCard,
  ALERT_TYPES,
  type AlertListView,
  type AlertRow,
  type AlertType,
} from './alertList.js';
export { auditListCard, type AuditListView, type AuditRow } from './auditList.js';
export { allocationDoneCard, type AllocationDoneView } from './allocationDone.js';
export { applyPromptCard, type ApplyPromptView } from './applyPrompt.js';
export { allocatePromptCard, type AllocatePromptView } from './allocatePrompt.js';
export { billingCard, type BillingRow, type BillingView } from './billing.js';
export { checkResultCard, type CheckResultView } from './checkResult.js';
export { dashboardCard, type DashboardRow, type DashboardView } from './dashboard.js';
export { earlyWarningCard, type EarlyWarningView } from './earlyWarning.js';
export { enforcementFailedCard, type EnforcementFailedView } from './enforcementFailed.js';
export { forbiddenCard, type ForbiddenView } from './forbidden.js';
export { helpCard, type HelpView } from './help.js';
export { historyCard, type HistoryView, type LedgerRow } from './history.js';
export { internalErrorCard, type InternalErrorView } from './internalError.js';
export { notFoundCard, type NotFoundKind, type NotFoundView } from './notFound.js';
export { policyListCard, type PolicyListView, type PolicyRow } from './policyList.js';
export { projectAddedCard, type ProjectAddedView } from './projectAdded.js';
export { projectListCard, type ProjectListView, type VolcProjectRow } from './projectList.js';
export { projectRemovedCard, type ProjectRemovedView } from './projectRemoved.js';
export { projectToggledCard, type ProjectToggledView } from './projectToggled.js';
export { resumeAskCard, type ResumeAskView } from './resumeAsk.js';
export { quotaCard, quotaState, type QuotaCardView } from './quota.js';
export { quotaPickerCard, type QuotaPickerView } from './quotaPicker.js';
export { cancelledCard, enableAskCard, type EnableAskView } from './enableAsk.js';
export { quotaRequestCard, type QuotaRequestDecision, type QuotaRequestView } from './quotaRequest.js';
export { quotaRequestOutcomeCard, type QuotaRequestOutcomeView } from './quotaRequestOutcome.js';
export { NO_ALERT_CHAT, settingsCard, type SettingsValues, type SettingsView } from './settings.js';
export { subAccountDisabledCard, type SubAccountDisabledView } from './subAccountDisabled.js';
export { subAccountReEnabledCard, type SubAccountReEnabledView } from './subAccountReEnabled.js';
export { syncErrorCard, type SyncErrorView } from './syncError.js';
export { thresholdAlertCard, type ThresholdAlertView } from './thresholdAlert.js';
export { thresholdsCard, type ThresholdsView } from './thresholds.js';
export { upstreamErrorCard, type UpstreamErrorView } from './upstreamError.js';
export { usageCard, type UsageView } from './usage.js';
export { userCreatedCard, userCreatedNoticeCard, type UserCreatedView } from './userCreated.js';
export { userDetailCard, type RecentEntry, type UserDetailView, type UserProject } from './userDetail.js';
export { userListCard, type UserListRow, type UserListView } from './userList.js';
export { userSyncReportCard, type UserSyncView } from './userSyncReport.js';
export { COMMAND_KEYS, type CommandKey } from './lib/commands.js';
export {
  formatAgo,
  formatDuration,
  formatMoney,
  formatPercent,
  formatShanghai,
  formatShanghaiDay,
} from './lib/format.js';
export { localeOf, translator, type MessageKey } from './i18n/index.js';
export type { Freshness, QuotaFigures, SubRef, SubStatus } from './lib/parts.js';
export { cardContentBytes, CARD_LIMIT_BYTES } from './lib/size.js';
export type { CardJson, Locale, MoneyLike, Role } from './lib/types.js';
export * from './lib/values.js';
export * from './lib/toasts.js';
