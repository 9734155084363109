import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import yaml from 'js-yaml';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/schema.js';
import { ROOT } from './support.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition?: string }>;
  stop_grace_period?: string;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

describe('docker-compose.yml', () => {
  const text = read('docker-compose.yml');
  const compose = yaml.load(text) as Compose;

  it('runs MySQL 8 on a named volume, with a health check', () => {
    const mysql = compose.services.mysql!;
    expect(mysql.image).toMatch(/^mysql:8(\.|$)/);
    const volume = mysql.volumes?.find((v) => v.endsWith(':/var/lib/mysql'))?.split(':')[0];
    expect(volume).toBeDefined();
    expect(compose.volumes).toHaveProperty(volume!);
    expect(mysql.healthcheck?.test?.join(' ')).toMatch(/mysqladmin ping/);
  });

  it('starts AirGate only once MySQL is healthy, production mode on MySQL, with its own health check', () => {
    const app = compose.services.airgate!;
    expect(app.depends_on?.mysql?.condition).toBe('service_healthy');
    expect(app.environment?.NODE_ENV).toBe('production');
    expect(app.environment?.DATABASE_URL).toMatch(/^mysql:\/\/airgate:.*@mysql:3306\/airgate$/);
    expect(app.healthcheck?.test).toEqual(['CMD', 'node', '/app/docker/healthcheck.mjs']);
    expect(app.command).toEqual(['serve']);
    expect(app.stop_grace_period).toBeDefined();
  });

  it('offers a separate scheduler service of the same image, commented out, that parses once uncommented', () => {
    const lines = text.split('\n');
    const start = lines.findIndex((l) => /^ {2}# scheduler:/.test(l));
    expect(start).toBeGreaterThan(0);
    const end = lines.findIndex((l, i) => i > start && !l.startsWith('  #'));
    const uncommented = [
      ...lines.slice(0, start),
      ...lines.slice(start, end).map((l) => l.replace(/^ {2}# ?/, '  ')),
      ...lines.slice(end),
    ];
    const scheduler = (yaml.load(uncommented.join('\n')) as Compose).services.scheduler!;
    expect(scheduler.image).toBe(compose.services.airgate!.image);
    expect(scheduler.command).toEqual(['scheduler']);
    expect(scheduler.depends_on?.mysql?.condition).toBe('service_healthy');
    expect(scheduler.healthcheck?.disable).toBe(true);
    expect(scheduler.environment).toEqual(compose.services.airgate!.environment);
    expect(text).toContain('"serve", "--no-scheduler"');
  });
});

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Array<{ op: string; args: string }> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const all = instructions(read('Dockerfile'));
  const stages: Array<{ from: string; name: string; body: typeof all }> = [];
  const nodeImage = all.find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args.split('=')[1];
  for (const i of all) {
    if (i.op === 'FROM') {
      const [from = '', , name = ''] = i.args.split(/\s+/);
      stages.push({ from: from.replace('${NODE_IMAGE}', nodeImage ?? ''), name, body: [] });
    } else stages.at(-1)?.body.push(i);
  }
  const runtime = stages.at(-1)!;

  it('builds in several stages on Node 24', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(nodeImage).toMatch(/^node:24[-.]/);
    expect(stages.map((s) => s.name)).toEqual(expect.arrayContaining(['deps', 'build', 'runtime']));
  });

  it('ships production dependencies only and the compiled code, never the sources or dev tools', () => {
    const deps = stages.find((s) => s.name === 'deps')!;
    expect(deps.body.some((i) => i.op === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    const copies = runtime.body.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toContain('--from=deps /app/node_modules ./node_modules');
    expect(copies).toContain('--from=build /app/dist ./dist');
    expect(copies.some((c) => /--from=build \/app\/node_modules/.test(c))).toBe(false);
    expect(copies.some((c) => /(^|\s)src\b/.test(c))).toBe(false);
    expect(runtime.body.some((i) => i.op === 'RUN' && /apt-get|npm (ci|install)/.test(i.args))).toBe(false);
  });

  it('runs as a non-root user with a health check and the entrypoint script', () => {
    const user = runtime.body.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.body.find((i) => i.op === 'HEALTHCHECK')?.args).toMatch(
      /CMD \["node", "\/app\/docker\/healthcheck\.mjs"\]/,
    );
    expect(runtime.body.find((i) => i.op === 'ENTRYPOINT')?.args).toBe('["/app/docker/entrypoint.sh"]');
    expect(runtime.body.find((i) => i.op === 'CMD')?.args).toBe('["serve"]');
  });

  it('copies only files that exist and are not excluded by .dockerignore', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    for (const stage of stages) {
      for (const c of stage.body.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
        const sources = c.args
          .replace(/--chown=\S+\s*/, '')
          .split(/\s+/)
          .slice(0, -1);
        for (const s of sources) {
          expect(() => statSync(join(ROOT, s)), s).not.toThrow();
          expect(
            ignored.some((p) => s === p || s.startsWith(`${p}/`)),
            `${s} is in .dockerignore`,
          ).toBe(false);
        }
      }
    }
  });
});

describe('docker/entrypoint.sh', () => {
  it('is a POSIX shell script that sh accepts, executable', () => {
    expect(() => execFileSync('sh', ['-n', join(ROOT, 'docker', 'entrypoint.sh')])).not.toThrow();
    expect(statSync(join(ROOT, 'docker', 'entrypoint.sh')).mode & 0o111).not.toBe(0);
  });
});

describe('.env.example', () => {
  const text = read('.env.example');
  const lines = text.split('\n');
  const assigned = new Map<string, number>();
  lines.forEach((l, i) => {
    const m = /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(l);
    if (m) assigned.set(m[1]!, i);
  });

  it('names every variable the configuration reads, each under a comment', () => {
    for (const name of Object.keys(envSchema.shape)) {
      const at = assigned.get(name);
      expect(at, `${name} missing from .env.example`).toBeDefined();
      expect(lines[at! - 1]?.startsWith('#'), `${name} has no comment above it`).toBe(true);
    }
  });

  it('names every other variable the code, the entrypoint and the compose file read', () => {
    const sources = execFileSync(
      'grep',
      ['-rhoE', 'process\\.env\\.[A-Z][A-Z0-9_]+', 'src', 'bin', 'docker'],
      { cwd: ROOT },
    )
      .toString()
      .split('\n')
      .map((s) => s.replace('process.env.', ''));
    const shell = [...read('docker/entrypoint.sh').matchAll(/\$\{([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!);
    const compose = [...read('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!);
    // The operator's own login name, read only to label CLI actions.
    const notConfiguration = new Set(['', 'USER', 'USERNAME']);
    for (const name of new Set([...sources, ...shell, ...compose])) {
      if (notConfiguration.has(name)) continue;
      expect(assigned.has(name), `${name} missing from .env.example`).toBe(true);
    }
  });
});
