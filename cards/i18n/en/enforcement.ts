import type { enforcement as zh } from '../zh/enforcement.js';

/** English: the Ark enforcement ladder (throttle, stop, restore) and its enforceability report. */
export const enforcement: Record<keyof typeof zh, string> = {
  'alertType.ark_throttled': 'Ark throttled',
  'alertType.ark_stopped': 'Ark stopped',
  'alertType.ark_restored': 'Ark restored',
  'alertType.ark_repaired': 'Ark stop repaired',

  'ark.throttled.title': '{name} is near its quota: Ark endpoints throttled',
  'ark.throttled.body':
    '{name} has used **{pct}** of its quota. These custom endpoints are limited to {rpm} requests and {tpm} tokens per minute (their old limits are recorded and come back after an allocation):',
  'ark.stopped.title': '{name} used up its quota: Ark spending stopped',
  'ark.stopped.body': '{name} has used up its quota. In its monitored projects AirGate:',
  'ark.repaired.title': 'The Ark stop of {name} was undone by hand and is back in place',
  'ark.repaired.body':
    '{name} is still stopped; these changes had been undone by hand and AirGate made them again:',
  'ark.restored.title': '{name} has quota again: Ark spending restored',
  'ark.restored.body': '{name} is back under its quota. AirGate undid its changes, last one first:',
  'ark.failed.title': 'The Ark stop of {name} is not complete',
  'ark.failed.body': 'These calls failed and are retried next cycle. Until then they may still spend:',
  'ark.lever.throttle': 'throttled endpoint {target} (project {project})',
  'ark.lever.stop': 'stopped endpoint {target} (project {project})',
  'ark.lever.deny':
    'attached a Deny policy in project {project} (no starting endpoints, raising limits, getting or creating API keys)',
  'ark.lever.regen': 'regenerated API key #{target} of project {project}',
  'ark.lever.restore.throttle': 'endpoint {target} has its old rate limit back (project {project})',
  'ark.lever.restore.stop': 'endpoint {target} started again (project {project})',
  'ark.lever.restore.deny': 'Deny policy removed from project {project}',
  'ark.lever.restore.regen':
    'API key #{target} of project {project} was regenerated: fetch the new secret in the Ark console (AirGate does not keep it)',
  'ark.regen.note':
    'Regenerated API keys lost their old secret; after the restore fetch the new one in the Ark console. AirGate never reads or stores it.',
  'ark.none': 'No custom endpoint to stop.',

  'ark.report.title': 'Can still spend (AirGate cannot stop it)',
  'ark.report.preset': 'project {project}: preset endpoints {ids} (calls by Model ID; cannot be stopped)',
  'ark.report.allKeys':
    'project {project}: API keys with "all resources" permission {names} (can reach preset endpoints)',
  'ark.report.unknownKeys':
    'project {project}: API keys of unknown permission {names} (treated as able to reach preset endpoints)',
  'ark.report.error': 'project {project}: its Ark resources could not be read ({reason})',
  'ark.report.tempKeys':
    'temporary API keys minted earlier work on preset endpoints until {until} at most (they cannot be listed or revoked; whether disabling the user kills them is unverified)',
  'ark.report.global':
    'account-wide policies {names}: spending they allow outside the monitored projects is not counted',
  'ark.report.nothing': 'Nothing found that AirGate cannot stop.',
};
