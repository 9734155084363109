import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { displayWidth, renderTable } from '../../src/cli/table.js';

const groups = ['account', 'user', 'policy', 'project', 'quota', 'member', 'apikey'];

function leaves(cmd: Command): Command[] {
  return cmd.commands.length === 0 ? [cmd] : cmd.commands.flatMap(leaves);
}

const built = await buildProgram();

describe('admin CLI help', () => {
  const program = built;
  const commands = groups.flatMap((g) => {
    const group = program.commands.find((c) => c.name() === g);
    if (!group) throw new Error(`no command group ${g}`);
    return leaves(group).map((c) => [`${g} ${c.name()}`, c] as const);
  });

  it('has every sub-command the operators need', () => {
    expect(commands.map(([name]) => name)).toEqual([
      'account add',
      'account list',
      'account remove',
      'account rotate-key',
      'account reseal',
      'user list',
      'user show',
      'user create',
      'user sync',
      'user import',
      'user disable',
      'user enable',
      'policy list',
      'policy attach',
      'policy detach',
      'project list',
      'project add',
      'project remove',
      'project toggle',
      'quota allocate',
      'quota deduct',
      'quota history',
      'member add',
      'member list',
      'member remove',
      'apikey create',
      'apikey list',
      'apikey revoke',
    ]);
  });

  it.each(commands)(
    '%s documents what it does, each argument and each option, and offers --json',
    (_name, cmd) => {
      expect(cmd.description()).not.toBe('');
      for (const arg of cmd.registeredArguments) expect(arg.description, arg.name()).not.toBe('');
      for (const opt of cmd.options) expect(opt.description, opt.flags).not.toBe('');
      expect(cmd.options.map((o) => o.long)).toContain('--json');
      const help = cmd.helpInformation();
      for (const arg of cmd.registeredArguments) expect(help).toContain(arg.description);
    },
  );

  it('no command takes a secret as an argument or option', () => {
    for (const [, cmd] of commands) {
      const names = [
        ...cmd.registeredArguments.map((a) => a.name()),
        ...cmd.options.map((o) => o.long ?? ''),
      ];
      expect(names.filter((n) => /secret|password/i.test(n))).toEqual([]);
    }
  });
});

describe('the table printer', () => {
  it('aligns columns holding Chinese text by display width, numbers to the right', () => {
    const out = renderTable(
      [
        { header: '子账号', value: (r: { n: string; v: string }) => r.n },
        { header: 'quota', value: (r) => r.v, right: true },
      ],
      [
        { n: '张三', v: '1.00' },
        { n: 'bob-long-name', v: '12345.00' },
      ],
    );
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
    expect(lines[2]).toBe(`张三${' '.repeat(15)}1.00`);
  });

  it('says so when there is nothing to list', () => {
    expect(renderTable([{ header: 'a', value: (r: string) => r }], [], '(none)')).toBe('(none)\n');
  });
});
