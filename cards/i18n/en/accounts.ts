import type { accounts as zh } from '../zh/accounts.js';

/** English: main accounts. Exactly the keys of the Chinese part. */
export const accounts: Record<keyof typeof zh, string> = {
  'account.listTitle': 'Volcengine main accounts',
  'account.col.name': 'Name',
  'account.col.key': 'AccessKeyId',
  'account.col.region': 'Region',
  'account.col.health': 'Health',
  'account.source.env': 'from the environment',
  'account.health.pass': '✅ OK',
  'account.health.warn': '⚠️ {detail}',
  'account.health.fail': '❌ {detail}',
  'account.health.skip': '— {detail}',
  'account.listHint':
    'Add "account=NAME" to a command to pick a main account, e.g. "user sync account={name}".',
  'account.pickTitle': 'Choose a main account',
  'account.pickBody': 'There are several main accounts: which one should "{input}" run on?',
  'account.pickHint': 'You can also type: {input} account=NAME',
};
