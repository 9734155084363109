import type { AnyChatCommand } from './define.js';

/** One way to call a command: its name as lower-cased words. */
export type Entry = { cmd: AnyChatCommand; words: string[] };

const lower = (s: string) => s.toLowerCase();

/** The commands whose names match the longest start of `tokens`, in registration order. */
export function longestMatch(entries: readonly Entry[], tokens: readonly string[]) {
  const typed = tokens.map(lower);
  let best: { length: number; commands: AnyChatCommand[] } | undefined;
  for (const e of entries) {
    if (e.words.length === 0 || e.words.length > typed.length) continue;
    if (!e.words.every((w, i) => typed[i] === w)) continue;
    if (!best || e.words.length > best.length) best = { length: e.words.length, commands: [e.cmd] };
    else if (e.words.length === best.length && !best.commands.includes(e.cmd)) best.commands.push(e.cmd);
  }
  return best;
}

/**
 * Chinese has no spaces, so people glue a command to its argument: "用户创建 foo", "申请alice 100",
 * "用户 创建foo". When the typed words name no command as they stand, or a glued reading names a longer
 * one, the words are re-split after that command's name. A split inside a word happens only where the
 * name ends in a Chinese character or the rest starts in another script (so "quotaalice" or "user
 * syncbot" stay as typed: there the boundary is a guess).
 */
export function unglue(entries: readonly Entry[], typed: readonly string[]): string[] {
  const plain = longestMatch(entries, typed);
  const plainLength = plain ? joinedLength(typed.slice(0, plain.length)) : 0;
  let best: { length: number; tokens: string[] } | undefined;
  for (const e of entries) {
    const name = e.words.join('');
    if (!name || name.length <= plainLength || (best && name.length <= best.length)) continue;
    const split = splitAfter(name, typed);
    if (split) best = { length: name.length, tokens: [...e.words, ...split] };
  }
  return best ? best.tokens : [...typed];
}

function joinedLength(words: readonly string[]): number {
  return words.join('').length;
}

/** The words after `name` when the typed words, spaces ignored, begin with it; undefined otherwise. */
function splitAfter(name: string, typed: readonly string[]): string[] | undefined {
  let consumed = '';
  for (let i = 0; i < typed.length; i++) {
    const word = typed[i]!;
    const next = consumed + word.toLowerCase();
    if (next.length < name.length) {
      if (!name.startsWith(next)) return undefined;
      consumed = next;
      continue;
    }
    if (!next.startsWith(name)) return undefined;
    const restOfWord = word.slice(name.length - consumed.length);
    if (restOfWord && !splittable(name.at(-1)!, restOfWord[0]!)) return undefined;
    return [...(restOfWord ? [restOfWord] : []), ...typed.slice(i + 1)];
  }
  return undefined;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
function splittable(last: string, first: string): boolean {
  return CJK.test(last) || CJK.test(first) !== CJK.test(last);
}
