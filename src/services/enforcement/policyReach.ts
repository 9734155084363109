/**
 * Whether an IAM policy can make spending: an Allow for any action that is not a read (Get/List/Describe/
 * Query/Head…). A wildcard (`*`, `ark:*`), a document that cannot be read or none at all counts as
 * able to spend: a policy that cannot spend has to show it.
 */
const READ_VERB = /^[a-z0-9_]+:(Get|List|Describe|Query|Head|Search|Check|Preview)[A-Za-z0-9*]*$/;
const ANY_SERVICE_READ = /^\*:(Get|List|Describe|Query|Head)[A-Za-z0-9*]*$/;

const isRead = (action: string) => READ_VERB.test(action) || ANY_SERVICE_READ.test(action);

export function policyCanSpend(document: string | undefined | null): boolean {
  if (!document) return true;
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    return true;
  }
  const statements = (doc as { Statement?: unknown } | null)?.Statement;
  if (!Array.isArray(statements)) return true;
  for (const s of statements as Array<Record<string, unknown>>) {
    if (s['Effect'] !== 'Allow') continue;
    const actions = Array.isArray(s['Action']) ? s['Action'] : [s['Action']];
    if (actions.some((a) => typeof a !== 'string' || !isRead(a))) return true;
  }
  return false;
}
