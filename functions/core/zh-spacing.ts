/**
 * Joins the parts of a Chinese sentence with a space where Chinese meets Latin letters, digits or code
 * (`但列 \`name\` 是文本`), as the platform's Chinese messages are written, and none between two Chinese
 * characters or beside Chinese punctuation. A message built from pieces (a column, a value, a type)
 * then reads right whatever each piece starts or ends with.
 */
export const joinZh = (...parts: readonly string[]): string =>
  parts.reduce((text, part) => {
    if (text === '' || part === '') return text + part;
    return text + (spaceBetween(text.at(-1) ?? '', part[0] ?? '') ? ' ' : '') + part;
  }, '');

const HAN = /\p{Script=Han}/u;
/** Full-width punctuation sets its own spacing. */
const ZH_PUNCTUATION = /[，。：；、！？（）“”‘’《》【】…—]/;

const spaceBetween = (before: string, after: string): boolean => {
  if (/\s/.test(before) || /\s/.test(after)) return false;
  if (ZH_PUNCTUATION.test(before) || ZH_PUNCTUATION.test(after)) return false;
  return HAN.test(before) !== HAN.test(after);
};
