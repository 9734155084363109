import type { Decimal } from 'decimal.js';

export type { Locale } from '../../src/domain/locale.js';

/** An exact amount: a decimal string ("1234.5") or a decimal.js value. Never a JavaScript number. */
export type MoneyLike = string | Decimal;

/** Roles as AirGate names them; help and forbidden cards show them. */
export type Role = 'admin' | 'approver' | 'lead' | 'viewer';

export type HeaderColor =
  | 'blue'
  | 'wathet'
  | 'turquoise'
  | 'green'
  | 'yellow'
  | 'orange'
  | 'red'
  | 'carmine'
  | 'violet'
  | 'purple'
  | 'indigo'
  | 'grey'
  | 'default';

/** Colours a header `text_tag` accepts (no grey: neutral is the grey one). */
export type TagColor =
  | 'neutral'
  | 'blue'
  | 'turquoise'
  | 'lime'
  | 'orange'
  | 'violet'
  | 'indigo'
  | 'wathet'
  | 'green'
  | 'yellow'
  | 'red'
  | 'purple'
  | 'carmine';

/** One component of a card JSON 2.0 body (see feishu-cards.md §2). */
export type CardElement = { tag: string; [key: string]: unknown };

export type TextObject = { tag: 'plain_text' | 'lark_md'; content: string; [key: string]: unknown };

export type CardHeader = {
  title: TextObject;
  subtitle?: TextObject;
  template?: HeaderColor;
  text_tag_list?: Array<{ tag: 'text_tag'; text: TextObject; color: TagColor }>;
};

/** A card JSON 2.0 document; a plain object, ready for `JSON.stringify`. */
export type CardJson = {
  schema: '2.0';
  config: {
    update_multi: true;
    enable_forward?: boolean;
    width_mode?: 'default' | 'compact' | 'fill';
    summary?: { content: string };
  };
  header?: CardHeader;
  body: { elements: CardElement[] };
};
