import { QUERY_LIMITS } from './limits.ts';
import { describeChar, queryError } from './query-error.ts';

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
      `is ${input.length} characters long; the limit is ${max}`,
      'Shorten the expression, or split the work into several queries.',
    );
  }
  if (!input.isWellFormed()) {
    throw queryError(param, 'contains ill-formed Unicode (a lone surrogate)', 'Send valid UTF-8 text.');
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
          throw queryError(param, `unterminated text literal starting at character ${start + 1}`, "Close it with '.");
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
        if (c === '\0') throw queryError(param, `NUL character at ${i + 1}`, 'Remove control characters.');
        value += c;
        i++;
      }
      tokens.push({ type: 'string', value, pos: start });
      continue;
    }
    if (ch === '`') {
      const end = input.indexOf('`', i + 1);
      if (end < 0) {
        throw queryError(param, `unterminated \`column name\` starting at character ${start + 1}`, 'Close it with `.');
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
        throw queryError(param, `number at character ${start + 1} is too long`, 'Use at most 40 digits.');
      }
      if (i < input.length && IDENT_PART.test(input[i]!)) {
        throw queryError(param, `unexpected ${describeChar(input[i]!)} after a number at character ${i + 1}`);
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
      throw queryError(param, `comments are not allowed (character ${i + 1})`, 'Remove the comment.');
    }
    const op = OPERATORS.find((o) => input.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', value: op === '<>' ? '!=' : op, pos: start });
      i += op.length;
      continue;
    }
    throw queryError(param, `unexpected character ${describeChar(ch)} at character ${i + 1}`, hintFor(ch));
  }
  tokens.push({ type: 'eof', value: '', pos: input.length });
  return tokens;
};

const checkIdentifier = (name: string, pos: number, param: string): void => {
  if (name.length === 0) throw queryError(param, `empty \`column name\` at character ${pos + 1}`);
  if (name.length > QUERY_LIMITS.maxIdentifierLength) {
    throw queryError(
      param,
      `name at character ${pos + 1} is longer than ${QUERY_LIMITS.maxIdentifierLength} characters`,
    );
  }
  if (/\p{Cc}/u.test(name)) {
    throw queryError(param, `control character in the name at character ${pos + 1}`, 'Remove control characters.');
  }
};

const hintFor = (ch: string): string => {
  if (ch === ';') return 'A parameter holds a single expression: there is nothing to separate.';
  if (ch === '"') return "Quote text with single quotes ('text') and column names with backquotes (`name`).";
  if (ch === '\0') return 'Remove control characters.';
  return 'Use column names, quoted text, numbers, operators (= != < <= > >= + - * /) and parentheses.';
};
