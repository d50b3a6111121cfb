import { type AppError, invalidQuery } from '../errors.ts';

/**
 * Builds the one 400 shape of the Query API: `where` is the query parameter at fault (`$where`,
 * `cursor`, or a column filter), `message` says what is wrong (naming the column or the character
 * position), `hint` says what to do.
 */
export const queryError = (where: string, message: string, hint?: string): AppError =>
  invalidQuery({
    detail: `${where}: ${message}`,
    ...(hint ? { hint } : {}),
    errors: [{ where, message, ...(hint ? { hint } : {}) }],
  });

/** Shows a character of the input in an error message, with its code point when it is invisible or look-alike. */
export const describeChar = (ch: string): string => {
  const cp = ch.codePointAt(0) ?? 0;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp >= 0x21 && cp < 0x7f ? `'${ch}'` : code;
};
