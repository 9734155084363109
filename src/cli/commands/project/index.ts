import type { Command } from 'commander';
import { t } from '../../i18n.js';
import { registerProjectList } from './list.js';
import { registerProjectAdd } from './add.js';
import { registerProjectRemove } from './remove.js';
import { registerProjectToggle } from './toggle.js';

/** `airgate project …`: one file per sub-command in this folder, registered in the order help lists them. */
export function registerProject(program: Command): void {
  const project = program
    .command('project')
    .description(t('管理子账号的火山引擎项目', "manage sub-accounts' Volcengine projects"));
  registerProjectList(project);
  registerProjectAdd(project);
  registerProjectRemove(project);
  registerProjectToggle(project);
}
