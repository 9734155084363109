import { Command } from 'commander';
import { registerServe } from './commands/serve.js';
import { registerMigrate } from './commands/migrate.js';
import { registerVolc } from './commands/volc.js';
import { registerVolcSim } from './commands/simulators/volcSim.js';
import { registerSandbox } from './commands/simulators/sandbox.js';
import { registerFeishuSim } from './commands/simulators/feishuSim.js';
import { registerChat } from './commands/simulators/chat.js';
import { registerAccount } from './commands/account/index.js';
import { registerUser } from './commands/user/index.js';
import { registerPolicy } from './commands/policy/index.js';
import { registerProject } from './commands/project/index.js';
import { registerQuota } from './commands/quota/index.js';
import { registerMember } from './commands/member/index.js';
import { registerSettings } from './commands/settings/index.js';
import { registerApiKey } from './commands/apikey/index.js';
import { registerCheck } from './commands/check.js';
import { registerScheduler } from './commands/scheduler.js';
import { registerDoctor } from './commands/doctor.js';
import { registerWaitDb } from './commands/waitDb.js';
import { registerStatement } from './commands/statement/index.js';

/** The `airgate` command line; one file per sub-command under commands/, registered here. */
export function buildProgram(): Command {
  const program = new Command('airgate')
    .description('AirGate: prepaid quotas for Volcengine IAM sub-accounts, run from a Feishu chatbot')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerMigrate(program);
  registerVolc(program);
  registerVolcSim(program);
  registerSandbox(program);
  registerFeishuSim(program);
  registerChat(program);
  registerAccount(program);
  registerUser(program);
  registerPolicy(program);
  registerProject(program);
  registerQuota(program);
  registerMember(program);
  registerSettings(program);
  registerApiKey(program);
  registerCheck(program);
  registerScheduler(program);
  registerDoctor(program);
  registerWaitDb(program);
  registerStatement(program);
  return program;
}
