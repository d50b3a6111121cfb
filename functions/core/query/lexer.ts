import { QUERY_LIMITS } from './limits.ts';
import { describeChar, queryError, zhAt } from './query-error.ts';

export type TokenType = 'ident' | 'quotedIdent' | 'system' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Identifier name (a system field's without its `:`), string contents (unescaped), number text, or operator. */
  readonly value: string;
  /** 0-based offset in the input. */
  readonly pos: number;
}

const OPERATORS = ['<=', '>=', '<>', '!=', '=', '<', '>', '+', '-', '*', '/', '(', ')', ','] as const;
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;
const DIGIT = /[0-9]/;
/** Plain whitespace only: zero-width and other exotic spaces are rejected so nothing hides in a query. */
const SPACE = /[ \t\r\n]/;
const MAX_NUMBER_LENGTH = 40;

/**
 * Splits one SoQL parameter into tokens. Iterative (no recursion), one pass, and it refuses what SQL
 * would treat specially but SoQL has no use for: `;`, comments, double-quoted strings, NUL and
 * ill-formed Unicode.
 */
export const tokenize = (input: string, param: string): Token[] => {
  // A backstop for callers other than parseQueryParams, which already holds GET and POST text to their
  // own limits (and tells a GET caller to POST): no input reaches here longer than the POST limit.
  const max = QUERY_LIMITS.maxPostInputLength;
  if (input.length > max) {
    throw queryError(
      param,
      {
        message: `is ${input.length} characters long; the limit is ${max}`,
        hint: 'Shorten the expression, or split the work into several queries.',
      },
      { message: `长 ${input.length} 个字符，上限为 ${max} 个字符`, hint: '请缩短表达式，或把查询拆成几个。' },
    );
  }
  if (!input.isWellFormed()) {
    throw queryError(
      param,
      { message: 'contains ill-formed Unicode (a lone surrogate)', hint: 'Send valid UTF-8 text.' },
      { message: '含有不合法的 Unicode（孤立的代理项）', hint: '请发送有效的 UTF-8 文本。' },
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (SPACE.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= input.length) {
          throw queryError(
            param,
            { message: `unterminated text literal starting at character ${start + 1}`, hint: "Close it with '." },
            { message: `从第 ${start + 1} 个字符开始的文本没有结束引号`, hint: "请用 ' 结束它。" },
          );
        }
        const c = input[i]!;
        if (c === "'") {
          if (input[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\0') {
          throw queryError(
            param,
            { message: `NUL character at ${i + 1}`, hint: 'Remove control characters.' },
            { message: `${zhAt(i)}有 NUL 字符`, hint: REMOVE_CONTROL_ZH },
          );
        }
        value += c;
        i++;
      }
      tokens.push({ type: 'string', value, pos: start });
      continue;
    }
    if (ch === '`') {
      const end = input.indexOf('`', i + 1);
      if (end < 0) {
        throw queryError(
          param,
          { message: `unterminated \`column name\` starting at character ${start + 1}`, hint: 'Close it with `.' },
          { message: `从第 ${start + 1} 个字符开始的反引号列名（\`column name\`）没有结束`, hint: '请用 ` 结束它。' },
        );
      }
      const name = input.slice(i + 1, end);
      checkIdentifier(name, start, param);
      tokens.push({ type: 'quotedIdent', value: name, pos: start });
      i = end + 1;
      continue;
    }
    if (DIGIT.test(ch) || (ch === '.' && DIGIT.test(input[i + 1] ?? ''))) {
      while (i < input.length && DIGIT.test(input[i]!)) i++;
      if (input[i] === '.') {
        i++;
        while (i < input.length && DIGIT.test(input[i]!)) i++;
      }
      if ((input[i] === 'e' || input[i] === 'E') && /[0-9]|[+-][0-9]/.test(input.slice(i + 1, i + 3))) {
        i += input[i + 1] === '+' || input[i + 1] === '-' ? 2 : 1;
        while (i < input.length && DIGIT.test(input[i]!)) i++;
      }
      const text = input.slice(start, i);
      if (text.length > MAX_NUMBER_LENGTH) {
        throw queryError(
          param,
          { message: `number at character ${start + 1} is too long`, hint: 'Use at most 40 digits.' },
          { message: `${zhAt(start)}的数字太长`, hint: '数字最多写 40 位。' },
        );
      }
      if (i < input.length && IDENT_PART.test(input[i]!)) {
        throw queryError(
          param,
          { message: `unexpected ${describeChar(input[i]!)} after a number at character ${i + 1}` },
          { message: `${zhAt(i)}：数字后面不应紧跟 ${describeChar(input[i]!)}` },
        );
      }
      tokens.push({ type: 'number', value: text, pos: start });
      continue;
    }
    if (IDENT_START.test(ch)) {
      while (i < input.length && IDENT_PART.test(input[i]!)) i++;
      const name = input.slice(start, i);
      checkIdentifier(name, start, param);
      tokens.push({ type: 'ident', value: name, pos: start });
      continue;
    }
    if (ch === ':' && IDENT_START.test(input[i + 1] ?? '')) {
      // A system field, Socrata's `:id`: the checker knows which exist.
      i++;
      while (i < input.length && IDENT_PART.test(input[i]!)) i++;
      const name = input.slice(start + 1, i);
      checkIdentifier(name, start, param);
      tokens.push({ type: 'system', value: name, pos: start });
      continue;
    }
    if (input.startsWith('--', i) || input.startsWith('/*', i)) {
      throw queryError(
        param,
        { message: `comments are not allowed (character ${i + 1})`, hint: 'Remove the comment.' },
        { message: `不允许写注释（${zhAt(i)}）`, hint: '请删除注释。' },
      );
    }
    const op = OPERATORS.find((o) => input.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', value: op === '<>' ? '!=' : op, pos: start });
      i += op.length;
      continue;
    }
    const hint = hintFor(ch);
    throw queryError(
      param,
      { message: `unexpected character ${describeChar(ch)} at character ${i + 1}`, hint: hint.en },
      { message: `${zhAt(i)}有意外的字符 ${describeChar(ch)}`, hint: hint.zh },
    );
  }
  tokens.push({ type: 'eof', value: '', pos: input.length });
  return tokens;
};

const checkIdentifier = (name: string, pos: number, param: string): void => {
  if (name.length === 0) {
    throw queryError(
      param,
      { message: `empty \`column name\` at character ${pos + 1}` },
      { message: `${zhAt(pos)}的反引号列名（\`column name\`）为空` },
    );
  }
  const max = QUERY_LIMITS.maxIdentifierLength;
  if (name.length > max) {
    throw queryError(
      param,
      { message: `name at character ${pos + 1} is longer than ${max} characters` },
      { message: `${zhAt(pos)}的名称超过 ${max} 个字符` },
    );
  }
  if (/\p{Cc}/u.test(name)) {
    throw queryError(
      param,
      { message: `control character in the name at character ${pos + 1}`, hint: 'Remove control characters.' },
      { message: `${zhAt(pos)}的名称含有控制字符`, hint: REMOVE_CONTROL_ZH },
    );
  }
};

const REMOVE_CONTROL_ZH = '请删除控制字符。';

/** What to write instead of an unexpected character, in English and Chinese. */
const hintFor = (ch: string): { en: string; zh: string } => {
  if (ch === ';') {
    return {
      en: 'A parameter holds a single expression: there is nothing to separate.',
      zh: '一个参数只写一个表达式，不需要分隔符。',
    };
  }
  if (ch === '"') {
    return {
      en: "Quote text with single quotes ('text') and column names with backquotes (`name`).",
      zh: "文本请用单引号（'text'），列名请用反引号（`name`）。",
    };
  }
  if (ch === '\0') return { en: 'Remove control characters.', zh: REMOVE_CONTROL_ZH };
  return {
    en: 'Use column names, quoted text, numbers, operators (= != < <= > >= + - * /) and parentheses.',
    zh: '请使用列名、加引号的文本、数字、运算符（= != < <= > >= + - * /）和括号。',
  };
};
