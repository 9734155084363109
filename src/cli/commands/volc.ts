import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config/loadConfig.js';
import { demoVolcCredentials } from '../../config/demoCredentials.js';
import { ConfigError, UsageError, exitCodeFor } from '../../errors.js';
import { createLogger } from '../../log/logger.js';
import { REDACTED, isSecretKey, scrubString } from '../../log/redact.js';
import { VolcClient, type ParamsIn, type VolcRequest } from '../../volc/client.js';
import { isKnownAction, volcActions } from '../../volc/catalog.js';
import { VolcApiError } from '../../volc/errors.js';
import type { Locale } from '../../domain/locale.js';
import { action, printJson } from '../run.js';

type VolcOptions = { service?: string; version?: string; method?: string; jsonBody?: boolean };

const text = {
  unknownAction: {
    zh: (a: string) => `未知的 Action ${a}：请用 --service 和 --version 指定服务与版本`,
    en: (a: string) => `unknown action ${a}: give --service and --version`,
  },
  badParam: {
    zh: (p: string) =>
      `参数 "${p}" 的格式应为 Key=Value（列表写作 Key.1=… Key.2=…，原样 JSON 值写作 Key:=<json>）`,
    en: (p: string) =>
      `parameter "${p}" must be Key=Value (lists as Key.1=… Key.2=…, a raw JSON value as Key:=<json>)`,
  },
  twice: { zh: (k: string) => `参数 ${k} 重复给出`, en: (k: string) => `parameter ${k} is given twice` },
  badMethod: { zh: () => '--method 只能是 GET 或 POST', en: () => '--method must be GET or POST' },
  noCredentials: {
    zh: () => '未配置 VOLC_ACCESS_KEY_ID 和 VOLC_SECRET_ACCESS_KEY',
    en: () => 'VOLC_ACCESS_KEY_ID and VOLC_SECRET_ACCESS_KEY are not set',
  },
  demo: {
    zh: () => '提示：未配置密钥，使用模拟器的演示密钥\n',
    en: () => 'note: no key configured, using the simulator demo key\n',
  },
  redacted: {
    zh: () => '提示：结果中的密钥已隐去，命令行从不打印密钥\n',
    en: () => 'note: secrets in the result are redacted; the CLI never prints a secret\n',
  },
};

/** JSON-body values that Volcengine wants as numbers or booleans rather than strings. */
const NUMERIC = new Set([
  'Limit',
  'Offset',
  'GroupPeriod',
  'GroupTerm',
  'NeedRecordNum',
  'IgnoreZero',
  'TagKVFilterMode',
  'WithParentProject',
  'PayerID',
  'OwnerID',
  'SafeAuthExemptRequired',
  'SafeAuthExemptDuration',
  'SafeAuthExemptUnit',
]);
const BOOLEAN = new Set(['LoginAllowed', 'PasswordResetRequired', 'SafeAuthFlag', 'LoginLocked']);

export function registerVolc(program: Command): void {
  program
    .command('volc')
    .description(
      '用配置的密钥调用任意火山引擎 OpenAPI，输出 Result JSON / call any Volcengine action, print its Result',
    )
    .argument('<action>', 'the Action, e.g. ListUsers')
    .argument('[params...]', 'Key=Value … (lists as Key.1=a Key.2=b; Key:=<json> for a raw JSON value)')
    .option('--service <name>', 'signing service: iam | billing | … (default: from the known actions)')
    .option('--version <version>', 'API version, e.g. 2018-01-01 (default: from the known actions)')
    .option('--method <method>', 'GET | POST (default: from the known actions)')
    .option('--json-body', 'send the parameters as a JSON body (POST)')
    .action(
      action(async (name: string, args: string[], opts: VolcOptions) => {
        const config = loadConfig();
        const locale = config.locale;
        const req = buildRequest(name, args, opts, locale);
        const client = new VolcClient({
          credentials: credentialsFor(config),
          region: config.volc.region,
          endpoint: config.volc.endpoint,
          timeoutMs: config.volc.timeoutMs,
          log: createLogger(config.logLevel),
        });
        try {
          const { result } = await client.callRaw(req);
          const { value, redacted } = redactSecrets(result ?? {});
          printJson(value);
          if (redacted) process.stderr.write(text.redacted[locale]());
        } catch (err) {
          if (!(err instanceof VolcApiError)) throw err;
          process.stderr.write(`${err.apiCode}: ${err.apiMessage} (RequestId ${err.requestId ?? '-'})\n`);
          process.exitCode = exitCodeFor[err.code] ?? 1;
        }
      }),
    );
}

export function buildRequest(name: string, args: string[], opts: VolcOptions, locale: Locale): VolcRequest {
  const known = isKnownAction(name) ? volcActions[name] : undefined;
  const service = opts.service ?? known?.service;
  const version = opts.version ?? known?.version;
  if (!service || !version) throw new UsageError(text.unknownAction[locale](name));
  const method = (opts.method?.toUpperCase() ??
    (opts.jsonBody ? 'POST' : (known?.method ?? 'GET'))) as string;
  if (method !== 'GET' && method !== 'POST') throw new UsageError(text.badMethod[locale]());
  const paramsIn: ParamsIn = opts.jsonBody
    ? 'json'
    : method === 'GET'
      ? 'query'
      : known?.method === 'POST'
        ? known.paramsIn
        : 'form';
  const pairs = args.map((arg) => splitParam(arg, locale));
  const seen = new Set<string>();
  for (const [key] of pairs) {
    if (seen.has(key)) throw new UsageError(text.twice[locale](key));
    seen.add(key);
  }
  const params =
    paramsIn === 'json'
      ? jsonParams(pairs)
      : Object.fromEntries(
          pairs.map(([k, v, raw]) => [k, raw && typeof v !== 'string' ? JSON.stringify(v) : v]),
        );
  return { action: name, service, version, method, paramsIn, params, idempotent: known?.idempotent ?? true };
}

/** `Key=Value`, or `Key:=<json>` for a raw JSON value. */
function splitParam(arg: string, locale: Locale): [string, unknown, boolean] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new UsageError(text.badParam[locale](arg));
  if (arg[eq - 1] === ':') {
    const key = arg.slice(0, eq - 1);
    try {
      if (key) return [key, JSON.parse(arg.slice(eq + 1)) as unknown, true];
    } catch {
      // falls through to the usage error
    }
    throw new UsageError(text.badParam[locale](arg));
  }
  return [arg.slice(0, eq), arg.slice(eq + 1), false];
}

/** Key.N → arrays (1-based), Key.N.Sub → objects in them; typed numbers and booleans where Volcengine wants them. */
function jsonParams(pairs: Array<[string, unknown, boolean]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value, raw] of pairs) {
    const path = key.split('.');
    const field = path.filter((p) => !/^\d+$/.test(p)).at(-1) ?? key;
    let node: Record<string | number, unknown> = root;
    path.forEach((segment, i) => {
      const index = /^\d+$/.test(segment) ? Number(segment) - 1 : segment;
      const last = i === path.length - 1;
      if (last) {
        node[index] = raw ? value : typed(field, String(value));
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1] ?? '');
      node[index] ??= nextIsIndex ? [] : {};
      node = node[index] as Record<string | number, unknown>;
    });
  }
  return root;
}

function typed(field: string, value: string): unknown {
  if (NUMERIC.has(field) && /^-?\d+$/.test(value)) return Number(value);
  if (BOOLEAN.has(field) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * The configured key; without one, the demo key of the simulator — but only towards a loopback
 * endpoint, where nothing but the simulator can be listening.
 */
function credentialsFor(config: Config) {
  const { accessKeyId, secretAccessKey, endpoint } = config.volc;
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  const host = endpoint ? new URL(endpoint).hostname : '';
  if (config.env !== 'production' && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host)) {
    process.stderr.write(text.demo[config.locale]());
    return { ...demoVolcCredentials };
  }
  throw new ConfigError(text.noCredentials[config.locale]());
}

/** String values under secret-looking keys (SecretAccessKey, Password…) never reach the terminal. */
function redactSecrets(value: unknown): { value: unknown; redacted: boolean } {
  let redacted = false;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      if (isSecretKey(key) && v !== '') {
        redacted = true;
        return REDACTED;
      }
      return scrubString(v);
    }
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
    }
    return v;
  };
  return { value: walk(value, ''), redacted };
}
