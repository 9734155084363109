import type { Clickable } from './renderCard.js';
import type { ChatText } from './text.js';

export type Toast = { type?: string; content?: string; i18n?: Record<string, string> };
export type Reply =
  | {
      kind: 'message' | 'update';
      messageId: string;
      from: string;
      fromBot: boolean;
      ephemeral: boolean;
      lines: string[];
      buttons: Clickable[];
      card?: unknown;
    }
  | { kind: 'recall'; messageId: string }
  | { kind: 'toast'; messageId: string; toast: Toast; text: string };

/** Finds a button by number (on the latest card with buttons) or by its label (newest card first). */
export function pickButton(
  replies: Reply[],
  target: string,
): { messageId: string; clickable: Clickable } | undefined {
  const cards = replies
    .filter((r): r is Extract<Reply, { buttons: Clickable[] }> => 'buttons' in r && r.buttons.length > 0)
    .reverse();
  if (/^\d+$/.test(target)) {
    const latest = cards[0];
    const c = latest?.buttons.find((b) => b.n === Number(target));
    return latest && c ? { messageId: latest.messageId, clickable: c } : undefined;
  }
  const want = target.trim().toLowerCase();
  for (const card of cards) {
    const c =
      card.buttons.find((b) => b.label.trim().toLowerCase() === want) ??
      card.buttons.find((b) => b.label.toLowerCase().includes(want));
    if (c) return { messageId: card.messageId, clickable: c };
  }
  return undefined;
}

/** Plain-text lines for one reply, as the terminal shows it. */
export function formatReply(r: Reply, t: ChatText): string[] {
  if (r.kind === 'toast') return [`  💬 ${t.toast}: ${r.text}`];
  if (r.kind === 'recall') return [`  ✂ ${t.recalled}`];
  const who = r.fromBot ? `🤖 ${r.from}` : r.from;
  const tags = [r.kind === 'update' ? t.updated : '', r.ephemeral ? t.ephemeral : ''].filter(Boolean);
  return [`${who}${tags.length ? ` (${tags.join(', ')})` : ''}:`, ...r.lines.map((l) => `  ${l}`)];
}
