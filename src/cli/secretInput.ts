import { UsageError } from '../errors.js';
import { registerSecret } from '../log/redact.js';
import { t } from './i18n.js';

/**
 * Reads a secret without it ever being on the command line: piped on stdin (first line), or typed at a
 * prompt that echoes nothing. The value is registered so no later output can print it.
 */
export async function readSecret(prompt: string): Promise<string> {
  const value = process.stdin.isTTY
    ? await hiddenPrompt(prompt)
    : ((await readStdin()).split(/\r?\n/)[0] ?? '').trim();
  if (!value)
    throw new UsageError(
      t(
        '没有读到密钥（请从标准输入传入或在提示处输入）',
        'no secret given (pipe it on stdin or type it at the prompt)',
      ),
    );
  registerSecret(value);
  return value;
}

/** Every non-empty line on stdin (several previous keys, say); nothing when stdin is a terminal. */
export async function readStdinLines(): Promise<string[]> {
  if (process.stdin.isTTY) return [];
  return (await readStdin())
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function hiddenPrompt(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value.trim());
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new UsageError(t('已取消', 'cancelled')));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
