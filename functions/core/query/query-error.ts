import { type AppError, invalidQuery } from '../errors.ts';

/** What is wrong (naming the column or the character position) and what to do about it, in one language. */
export interface QueryText {
  readonly message: string;
  readonly hint?: string;
}

/** The Chinese of an English `QueryText`: it has a hint whenever the English has one. */
export type ZhOf<En extends QueryText> = En extends { readonly hint: string }
  ? { readonly message: string; readonly hint: string }
  : QueryText;

/**
 * Builds the one 400 shape of the Query API: `where` is the query parameter at fault (`$where`,
 * `cursor`, or a column filter), `en` says what is wrong (naming the column or the character
 * position) and what to do, `zh` the same facts in simplified Chinese for Chinese developers (the
 * problem's `zh` and each error's), with the same names, numbers and positions.
 */
export const queryError = <En extends QueryText>(where: string, en: En, zh: ZhOf<En>): AppError =>
  invalidQuery({
    detail: `${where}: ${en.message}`,
    ...(en.hint ? { hint: en.hint } : {}),
    zh: { detail: `${where}：${zh.message}`, ...(zh.hint ? { hint: zh.hint } : {}) },
    errors: [
      {
        where,
        message: en.message,
        ...(en.hint ? { hint: en.hint } : {}),
        zh: { message: zh.message, ...(zh.hint ? { hint: zh.hint } : {}) },
      },
    ],
  });

/** Shows a character of the input in an error message, with its code point when it is invisible or look-alike. */
export const describeChar = (ch: string): string => {
  const cp = ch.codePointAt(0) ?? 0;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp >= 0x21 && cp < 0x7f ? `'${ch}'` : code;
};

/** A 0-based position of the input in Chinese, as the English `at character N` counts: 第 N 个字符处. */
export const zhAt = (pos: number): string => `第 ${pos + 1} 个字符处`;

/** Types in Chinese words, as a Chinese developer reads them in SoQL (the published types included). */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: '文本',
  integer: '整数',
  number: '数值',
  boolean: '布尔值',
  date: '日期',
  datetime: '日期时间',
  time: '时间',
  year: '年份',
  yearmonth: '年月',
  geopoint: '经纬度坐标',
};

/**
 * A type in Chinese words with its code, as the messages name it (整数（integer）); `NULL` for the type
 * of a NULL, the code alone for a type with no words here.
 */
export const zhTypeName = (type: string): string => {
  if (type === 'null') return 'NULL';
  const words = Object.hasOwn(TYPE_WORDS, type) ? TYPE_WORDS[type] : undefined;
  return words ? `${words}（${type}）` : type;
};
