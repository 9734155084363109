import { z } from 'zod';
import { requirement } from '../policies/policies.js';
import { ProblemSchema } from './common.js';
import type { ApiRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with (request schemas
 * in their input form, responses in their output form). Schemas with a meta id become components.
 */
export function buildOpenApi(routes: readonly ApiRoute[], info: { version: string }): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
    }) as JsonSchema;
    const { $schema: _s, $defs, ...rest } = json;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>))
      components[id] = relink(def);
    return relink(rest);
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const scopes = requirement(route.policy).scopes;
    const parameters = [
      ...objectParameters(route.params, 'path', convert),
      ...objectParameters(route.query, 'query', convert),
      ...objectParameters(route.headers, 'header', convert),
    ];
    const problemStatuses = [...new Set([...route.problems, 401, 403, 429])].sort((a, b) => a - b);
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      description: [route.description, `API key 权限范围 / scope: ${scopes.join(' | ')}`]
        .filter(Boolean)
        .join('\n\n'),
      security: [{ bearerAuth: [] }],
      'x-required-scopes': scopes,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: convert(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(route.success.status)]: {
          description: route.success.description,
          ...(route.success.headers ? { headers: route.success.headers } : {}),
          content: { 'application/json': { schema: convert(route.success.schema, 'output') } },
        },
        ...Object.fromEntries(
          problemStatuses.map((s) => [String(s), { $ref: `#/components/responses/Problem${s}` }]),
        ),
      },
    };
    (paths[`/api${route.path}`] ??= {})[route.method] = operation;
  }

  const problem = convert(ProblemSchema, 'output');
  const statuses = [...new Set(routes.flatMap((r) => [...r.problems, 401, 403, 429]))].sort((a, b) => a - b);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'AirGate API',
      version: info.version,
      description:
        '火山引擎子账号额度的查询与申请。金额均为十进制字符串，时间为 UTC。/ Quotas of Volcengine sub-accounts: read them and ask for more. Money is a decimal string, times are UTC.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'subaccounts' },
      { name: 'quota-requests' },
      { name: 'alerts' },
      { name: 'statements' },
      { name: 'audit' },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: '`airgate apikey create` 生成的 API key / a key from `airgate apikey create`',
        },
      },
      responses: Object.fromEntries(
        statuses.map((s) => [
          `Problem${s}`,
          {
            description: problemDescriptions[s] ?? `HTTP ${s}`,
            ...(s === 429
              ? { headers: { 'Retry-After': { description: '秒 / seconds', schema: { type: 'integer' } } } }
              : {}),
            content: { 'application/problem+json': { schema: problem } },
          },
        ]),
      ),
    },
  };
}

const problemDescriptions: Record<number, string> = {
  400: '请求不符合要求，errors 列出每个字段 / invalid request; `errors` names each field',
  401: '缺少、错误或已吊销的 API key / missing, wrong or revoked API key',
  403: 'API key 没有所需的权限范围 / the key lacks the scope',
  404: '不存在 / not found',
  409: '冲突：名称有歧义，或 Idempotency-Key 已用于另一个请求体 / conflict: ambiguous name, or an Idempotency-Key reused with another body',
  413: '请求体过大 / body too large',
  415: '请求体须为 JSON / body must be JSON',
  429: '超出该 API key 的频率限制 / rate limit of this key exceeded',
};

function objectParameters(
  schema: z.ZodType | undefined,
  where: 'path' | 'query' | 'header',
  convert: (s: z.ZodType, io: 'input' | 'output') => JsonSchema,
): JsonSchema[] {
  if (!schema) return [];
  const json = convert(schema, 'input');
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** zod writes refs to its own $defs; in the document they live under components. */
function relink(node: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(node).replace(/"#\/\$defs\/([^"]+)"/g, (_m, id: string) =>
      JSON.stringify(`#/components/schemas/${id}`),
    ),
  ) as JsonSchema;
}
