/** Text as people paste it into Feishu, made comparable: see normalizeText. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
/** Opening quote → its closing quote: ASCII, “Chinese”, 「corner」 and «guillemets». */
export const QUOTES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '‘': '’',
  '「': '」',
  '『': '』',
  '«': '»',
};
/** Chinese punctuation NFKC leaves alone, mapped to what an argument means by it. */
const PUNCT: Record<string, string> = { '、': ',', '。': '.', '〜': '~', '～': '~' };

/** NFKC (full-width → ASCII, ideographic space → space, "，" → ","), minus invisible characters. */
export function normalizeText(input: string): string {
  return input
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/[、。〜～]/g, (c) => PUNCT[c] ?? c);
}
