import { getStatements } from '../../services/statements/getStatements.js';
import { defineRoute } from '../route.js';
import { StatementList, StatementParams } from './schema.js';

export const getStatementsRoute = defineRoute({
  method: 'get',
  path: '/v1/statements/{month}',
  operationId: 'getStatements',
  tag: 'statements',
  summary: '月结单，每个主账号一份 / Month-end statements, one per main account',
  policy: 'statement.view',
  params: StatementParams,
  success: { status: 200, description: '月结单 / statements', schema: StatementList },
  problems: [400, 404],
  handle: async (deps, { params }) => {
    const list = await getStatements(deps, params.month);
    return {
      body: {
        items: list.map((s) => ({
          month: s.period,
          account: s.account,
          totalSpending: s.totalSpending,
          billRows: s.billRows,
          writtenAt: s.writtenAt.toISOString(),
          base: s.base,
          lines: s.lines.map(({ subAccount, ...l }) => ({ ...l, subaccount: subAccount })),
        })),
      },
    };
  },
});
