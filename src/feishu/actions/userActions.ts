import type { AnyCardAction } from './define.js';
import { policiesPageAction } from './policiesPage.js';
import { projectPickAction } from './projectPick.js';
import { projectsPageAction } from './projectsPage.js';
import { projectToggleAction } from './projectToggle.js';
import { settingsSaveAction } from './settingsSave.js';
import { confirmCancelAction, userDisableAction, userEnableAction } from './userAccess.js';

/** The card actions of the IAM, project and settings cards. */
export const iamCardActions: AnyCardAction[] = [
  userDisableAction,
  userEnableAction,
  confirmCancelAction,
  projectToggleAction,
  projectPickAction,
  projectsPageAction,
  settingsSaveAction,
  policiesPageAction,
];
