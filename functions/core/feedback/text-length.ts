import { bilingual } from '../manifest/schema-zh.ts';

/**
 * How long a text is, for a minimum length that is fair to every script: a Chinese, Japanese or Korean
 * character counts as 2, any other character as 1. Minimums such as a data request title's 5 were set
 * for alphabetic words, where 5 letters are barely a word; four Chinese characters (空气质量, "air
 * quality") already name a dataset. Maximums stay plain character counts: they bound storage, not
 * meaning. Pure, and imported by the site, so that a form checks exactly what the API checks.
 */

/** Han (Chinese characters, also in Japanese), kana and Hangul: each carries about as much as two letters. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** What one wide character counts toward a minimum. */
export const WIDE_CHAR_WEIGHT = 2;

/** The length `text` has toward a minimum: 2 per CJK character, 1 per other character (code point). */
export function weightedLength(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? WIDE_CHAR_WEIGHT : 1;
  return n;
}

/**
 * The fewest characters that can meet `min`: all of them CJK. A form's `minlength` (which the browser
 * counts in characters) says this, so that it never refuses what the API accepts.
 */
export const fewestChars = (min: number): number => Math.ceil(min / WIDE_CHAR_WEIGHT);

/** The Chinese of minLengthMessage (problem+json `errors[].zh.message`). */
export const minLengthMessageZh = (min: number): string =>
  `至少 ${min} 个字符（一个中文、日文或韩文字符算 ${WIDE_CHAR_WEIGHT} 个）`;

/**
 * The API's message for a text below `min` (English; problem+json `errors[].message`, its Chinese
 * registered for the request schemas: zod-zh.ts). The site reads the number after "at least" and the
 * phrase "counts as 2" (site/src/scripts/form-problem.ts).
 */
export const minLengthMessage = (min: number): string =>
  bilingual(
    `at least ${min} characters (a Chinese, Japanese or Korean character counts as ${WIDE_CHAR_WEIGHT})`,
    minLengthMessageZh(min),
  );

/** The API's message for a text over `max` characters, with its Chinese registered (as minLengthMessage). */
export const maxLengthMessage = (max: number): string => bilingual(`at most ${max} characters`, `最多 ${max} 个字符`);

/** The minimum of a reason: a release's rejection, a version's withdrawal, a declined data request. */
export const MIN_REASON_LENGTH = 5;

/**
 * Why `reason` is too short (`minLengthMessage`), or undefined when it says enough. Weighted like the
 * titles, so that 数据错误 ("data error") is reason enough, as "wrong data" is.
 */
export const shortReason = (reason: string): string | undefined =>
  weightedLength(reason) < MIN_REASON_LENGTH ? minLengthMessage(MIN_REASON_LENGTH) : undefined;
