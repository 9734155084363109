import type { AnyChatCommand } from './define.js';
import { policyAttachCommand, policyDetachCommand } from './policyAttach.js';
import { policyListCommand } from './policyList.js';
import { projectAddCommand } from './projectAdd.js';
import { projectListCommand } from './projectList.js';
import { projectRemoveCommand } from './projectRemove.js';
import { projectToggleCommand } from './projectToggle.js';
import { projectToggleAllCommand } from './projectToggleAll.js';
import { settingsCommand } from './settings.js';
import { userCreateCommand } from './userCreate.js';
import { userDisableCommand } from './userDisable.js';
import { userEnableCommand } from './userEnable.js';
import { userImportCommand } from './userImport.js';
import { userSyncCommand } from './userSync.js';

/** The IAM, policy, project and settings commands (registered after the read and quota commands). */
export const iamChatCommands: AnyChatCommand[] = [
  userCreateCommand,
  userSyncCommand,
  userImportCommand,
  userDisableCommand,
  userEnableCommand,
  policyAttachCommand,
  policyDetachCommand,
  policyListCommand,
  projectListCommand,
  projectAddCommand,
  projectRemoveCommand,
  projectToggleCommand,
  projectToggleAllCommand,
  settingsCommand,
];
