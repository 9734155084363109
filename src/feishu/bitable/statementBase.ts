import type { FeishuClient } from '../client.js';
import { classifyFeishuError, errorFromBody, FeishuApiError } from '../errors.js';
import type { BaseField, BaseRecord, StatementBase } from '../../services/statements/toBase.js';

type Answer = { code?: number; msg?: string; data?: unknown };

/**
 * The statement's Base (多维表格) through the SDK's bitable.v1: list/create tables, list fields,
 * batch_create records. Bitable answers most refusals with HTTP 200 and a 1254xxx code (the SDK resolves
 * those); both kinds become a FeishuApiError, a rejected tenant token is refreshed and the call made once more.
 */
export function createStatementBase(client: FeishuClient): StatementBase {
  const call = async <T>(fn: () => Promise<Answer>): Promise<T> => {
    const once = async () => {
      let res: Answer;
      try {
        res = await fn();
      } catch (err) {
        throw classifyFeishuError(err);
      }
      if (res.code !== 0) throw errorFromBody(res, 200);
      return res.data as T;
    };
    try {
      return await once();
    } catch (err) {
      if (!(err instanceof FeishuApiError) || err.kind !== 'token') throw err;
      client.invalidateToken();
      return once();
    }
  };
  const bitable = client.sdk.bitable.v1;

  return {
    async prepareTable(appToken, tableId, name, fields) {
      if (tableId) {
        const listed = await call<{ items?: Array<{ field_name: string; type: number }> }>(() =>
          bitable.appTableField.list({
            path: { app_token: appToken, table_id: tableId },
            params: { page_size: 100 },
          }),
        );
        const have = new Map((listed.items ?? []).map((f) => [f.field_name, f.type]));
        const wrong = fields.filter((f) => have.get(f.name) !== f.type);
        if (wrong.length)
          throw new FeishuApiError(
            'permanent',
            undefined,
            undefined,
            `table ${tableId} needs the fields ${wrong.map(describe).join(', ')}`,
          );
        return tableId;
      }
      const tables = await call<{ items?: Array<{ table_id: string; name: string }> }>(() =>
        bitable.appTable.list({ path: { app_token: appToken }, params: { page_size: 100 } }),
      );
      const found = tables.items?.find((t) => t.name === name);
      if (found) return this.prepareTable(appToken, found.table_id, name, fields);
      const made = await call<{ table_id: string }>(() =>
        bitable.appTable.create({
          path: { app_token: appToken },
          data: {
            table: {
              name,
              default_view_name: '全部',
              fields: fields.map((f) => ({ field_name: f.name, type: f.type })),
            },
          },
        }),
      );
      return made.table_id;
    },

    async writeRecords(appToken, tableId, records, clientToken) {
      await call(() =>
        bitable.appTableRecord.batchCreate({
          path: { app_token: appToken, table_id: tableId },
          params: { client_token: clientToken },
          data: { records: records.map((fields: BaseRecord) => ({ fields: { ...fields } })) },
        }),
      );
    },
  };
}

function describe(f: BaseField): string {
  return `${f.name} (${f.type === 1 ? 'text 多行文本' : 'number 数字'})`;
}
