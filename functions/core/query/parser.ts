import type { BinaryOp, ComparisonOp, Expr, OrderItem, SelectItem, SelectList } from './ast.ts';
import { SOQL_KEYWORDS } from './keywords.ts';
import { type Token, tokenize } from './lexer.ts';
import { QUERY_LIMITS } from './limits.ts';
import { type QueryText, queryError, type ZhOf, zhAt } from './query-error.ts';

/**
 * Recursive-descent parser for SoQL. Precedence, loosest first:
 * OR < AND < NOT < predicates (= != < <= > >= IN BETWEEN LIKE IS NULL, not chainable) < + - < * / < unary -.
 * Every recursive step goes through `enter()`, so nesting past `maxDepth` is a 400, not a stack overflow.
 */

const COMPARISONS = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);

/** Parses `$where` or `$having`. */
export const parseExpression = (input: string, param: string): Expr => {
  const p = new Parser(tokenize(input, param), param);
  const expr = p.expression();
  p.expectEnd();
  return checkDepth(expr, param);
};

/** Parses `$select`: `[DISTINCT] item, …`, each item `*` or `expression [AS alias]`. */
export const parseSelectList = (input: string, param = '$select'): SelectList => {
  const p = new Parser(tokenize(input, param), param);
  const distinct = p.distinct();
  const items = p.list(QUERY_LIMITS.maxSelectItems, SELECT_ITEMS, () => p.selectItem());
  p.expectEnd();
  for (const item of items) if (item.kind === 'expr') checkDepth(item.expr, param);
  return { distinct, items };
};

/** Parses `$order`: comma-separated `expression [ASC|DESC] [NULLS FIRST|NULLS LAST]`. */
export const parseOrderList = (input: string, param = '$order'): OrderItem[] => {
  const p = new Parser(tokenize(input, param), param);
  const items = p.list(QUERY_LIMITS.maxOrderItems, ORDER_ITEMS, () => p.orderItem());
  p.expectEnd();
  for (const item of items) checkDepth(item.expr, param);
  return items;
};

/** Parses `$group`: comma-separated expressions. */
export const parseGroupList = (input: string, param = '$group'): Expr[] => {
  const p = new Parser(tokenize(input, param), param);
  const items = p.list(QUERY_LIMITS.maxGroupItems, GROUP_ITEMS, () => p.expression());
  p.expectEnd();
  for (const item of items) checkDepth(item, param);
  return items;
};

/** What a list holds, in English and Chinese (with its measure word): `select items`, `个选择项`. */
interface ListItems {
  readonly en: string;
  readonly zh: string;
}
const SELECT_ITEMS: ListItems = { en: 'select items', zh: '个选择项' };
const ORDER_ITEMS: ListItems = { en: 'order items', zh: '个排序项' };
const GROUP_ITEMS: ListItems = { en: 'group items', zh: '个分组项' };

class Parser {
  private readonly tokens: Token[];
  private readonly param: string;
  private index = 0;
  private depth = 0;

  constructor(tokens: Token[], param: string) {
    this.tokens = tokens;
    this.param = param;
  }

  list<T>(max: number, what: ListItems, item: () => T): T[] {
    if (this.peek().type === 'eof') throw this.error(this.peek(), { message: 'is empty' }, { message: '为空' });
    const items = [item()];
    while (this.acceptOp(',')) {
      if (items.length >= max) {
        throw queryError(
          this.param,
          { message: `has more than ${max} ${what.en}`, hint: `Use at most ${max} ${what.en}.` },
          { message: `超过 ${max} ${what.zh}`, hint: `最多写 ${max} ${what.zh}。` },
        );
      }
      items.push(item());
    }
    return items;
  }

  /** A leading DISTINCT; alone it is a 400 (a column named `distinct` is written backquoted). */
  distinct(): boolean {
    const t = this.peek();
    if (!this.acceptKeyword('distinct')) return false;
    if (this.peek().type === 'eof') {
      throw this.error(
        t,
        { message: 'expected columns after DISTINCT', hint: 'Write `distinct column[, column…]`.' },
        { message: 'DISTINCT 后面应为列', hint: '请写 `distinct column[, column…]`。' },
      );
    }
    return true;
  }

  selectItem(): SelectItem {
    const start = this.peek();
    if (start.type === 'op' && start.value === '*') {
      this.index++;
      return { kind: 'star', pos: start.pos };
    }
    const expr = this.expression();
    let alias: string | null = null;
    if (this.acceptKeyword('as')) {
      const t = this.next();
      if (t.type === 'quotedIdent' || (t.type === 'ident' && !SOQL_KEYWORDS.has(t.value.toLowerCase())))
        alias = t.value;
      else {
        throw this.error(
          t,
          { message: 'expected an alias after AS', hint: 'Write `AS name`, or backquote the alias: AS `name`.' },
          { message: 'AS 后面应为别名', hint: '请写 `AS name`，或给别名加反引号：AS `name`。' },
        );
      }
    }
    return { kind: 'expr', expr, alias, pos: start.pos };
  }

  orderItem(): OrderItem {
    const expr = this.expression();
    const descending = this.acceptKeyword('desc');
    if (!descending) this.acceptKeyword('asc');
    if (!this.acceptKeyword('nulls')) return { expr, descending, nulls: null };
    if (this.acceptKeyword('first')) return { expr, descending, nulls: 'first' };
    if (this.acceptKeyword('last')) return { expr, descending, nulls: 'last' };
    throw this.error(
      this.peek(),
      { message: 'expected FIRST or LAST after NULLS', hint: 'Write NULLS FIRST or NULLS LAST.' },
      { message: 'NULLS 后面应为 FIRST 或 LAST', hint: '请写 NULLS FIRST 或 NULLS LAST。' },
    );
  }

  expression(): Expr {
    return this.nested(() => this.or());
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.type !== 'eof') {
      throw this.error(
        t,
        {
          message: `unexpected ${describe(t)}`,
          hint: 'Combine conditions with AND / OR; separate list items with commas.',
        },
        { message: unexpectedZh(t), hint: '多个条件请用 AND / OR 连接；列表项之间用逗号分隔。' },
      );
    }
  }

  private or(): Expr {
    let left = this.and();
    for (let t = this.peek(); this.acceptKeyword('or'); t = this.peek()) {
      left = { kind: 'binary', op: 'OR', left, right: this.and(), pos: t.pos };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    for (let t = this.peek(); this.acceptKeyword('and'); t = this.peek()) {
      left = { kind: 'binary', op: 'AND', left, right: this.not(), pos: t.pos };
    }
    return left;
  }

  private not(): Expr {
    const t = this.peek();
    if (this.acceptKeyword('not')) return this.nested(() => ({ kind: 'not', operand: this.not(), pos: t.pos }));
    return this.predicate();
  }

  private predicate(): Expr {
    const operand = this.additive();
    const t = this.peek();
    let result: Expr = operand;
    if (t.type === 'op' && COMPARISONS.has(t.value)) {
      this.index++;
      result = { kind: 'binary', op: t.value as ComparisonOp, left: operand, right: this.additive(), pos: t.pos };
    } else if (this.acceptKeyword('is')) {
      const negated = this.acceptKeyword('not');
      if (!this.acceptKeyword('null')) {
        throw this.error(
          this.peek(),
          { message: 'expected NULL after IS', hint: 'Write IS NULL or IS NOT NULL.' },
          { message: 'IS 后面应为 NULL', hint: '请写 IS NULL 或 IS NOT NULL。' },
        );
      }
      result = { kind: 'isNull', negated, operand, pos: t.pos };
    } else {
      const negated = this.isKeyword(t, 'not') && this.isPredicateKeyword(this.tokens[this.index + 1]);
      if (negated) this.index++;
      const kw = this.peek();
      if (this.acceptKeyword('in')) {
        result = { kind: 'in', negated, operand, list: this.inList(), pos: kw.pos };
      } else if (this.acceptKeyword('between')) {
        const low = this.additive();
        if (!this.acceptKeyword('and')) {
          throw this.error(
            this.peek(),
            { message: 'expected AND in BETWEEN … AND …' },
            { message: 'BETWEEN … AND … 缺少 AND' },
          );
        }
        result = { kind: 'between', negated, operand, low, high: this.additive(), pos: kw.pos };
      } else if (this.acceptKeyword('like')) {
        result = { kind: 'like', negated, operand, pattern: this.additive(), pos: kw.pos };
      }
    }
    const after = this.peek();
    if (result !== operand && (this.isPredicateStart(after) || (after.type === 'op' && COMPARISONS.has(after.value)))) {
      throw this.error(
        after,
        { message: `unexpected ${describe(after)}: comparisons do not chain`, hint: 'Combine them with AND.' },
        { message: `${unexpectedZh(after)}：比较不能连写`, hint: '请用 AND 连接多个比较。' },
      );
    }
    return result;
  }

  private inList(): Expr[] {
    this.expectOp('(', 'after IN', "IN 后面应为 '('");
    const list: Expr[] = [];
    do {
      if (list.length >= QUERY_LIMITS.maxInListSize) {
        throw queryError(
          this.param,
          {
            message: `IN list has more than ${QUERY_LIMITS.maxInListSize} values`,
            hint: 'Split the query, or use a range (BETWEEN) when the values are contiguous.',
          },
          {
            message: `IN 列表超过 ${QUERY_LIMITS.maxInListSize} 个值`,
            hint: '请拆分查询；如果这些值是连续的，可以改用范围（BETWEEN）。',
          },
        );
      }
      list.push(this.additive());
    } while (this.acceptOp(','));
    this.expectOp(')', 'to close the IN list', "应为 ')'，以结束 IN 列表");
    return list;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (let t = this.peek(); t.type === 'op' && (t.value === '+' || t.value === '-'); t = this.peek()) {
      this.index++;
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: this.multiplicative(), pos: t.pos };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (let t = this.peek(); t.type === 'op' && (t.value === '*' || t.value === '/'); t = this.peek()) {
      this.index++;
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: this.unary(), pos: t.pos };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (!this.acceptOp('-')) return this.primary();
    return this.nested((): Expr => {
      const operand = this.unary();
      // Fold `-5` into one literal so it binds as a single parameter.
      if (operand.kind === 'literal' && typeof operand.value === 'number') {
        return { kind: 'literal', value: -operand.value, ...(operand.decimal ? { decimal: true } : {}), pos: t.pos };
      }
      return { kind: 'negate', operand, pos: t.pos };
    });
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.type) {
      case 'string':
        return { kind: 'literal', value: t.value, pos: t.pos };
      case 'number':
        return {
          kind: 'literal',
          value: this.number(t),
          ...(/[.eE]/.test(t.value) ? { decimal: true } : {}),
          pos: t.pos,
        };
      case 'quotedIdent':
        return { kind: 'column', name: t.value, pos: t.pos };
      case 'system':
        return { kind: 'system', name: t.value, pos: t.pos };
      case 'ident': {
        const lower = t.value.toLowerCase();
        if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true', pos: t.pos };
        if (lower === 'null') return { kind: 'literal', value: null, pos: t.pos };
        if (this.peek().type === 'op' && this.peek().value === '(') return this.call(t, lower);
        if (SOQL_KEYWORDS.has(lower)) {
          throw this.error(
            t,
            {
              message: `unexpected keyword ${t.value.toUpperCase()}`,
              hint: 'Backquote a column named like a keyword: `name`.',
            },
            { message: `意外的关键字 ${t.value.toUpperCase()}`, hint: '与关键字同名的列请加反引号：`name`。' },
          );
        }
        return { kind: 'column', name: t.value, pos: t.pos };
      }
      case 'op':
        if (t.value === '(') {
          const inner = this.expression();
          this.expectOp(')', 'to close the parenthesis', "应为 ')'，以闭合括号");
          return inner;
        }
        throw this.error(
          t,
          { message: `unexpected ${describe(t)}`, hint: 'Expected a value, a column name or a parenthesis.' },
          { message: unexpectedZh(t), hint: '此处应为值、列名或括号。' },
        );
      default:
        throw this.error(
          t,
          { message: 'unexpected end of input', hint: 'The expression is incomplete.' },
          { message: '输入意外结束', hint: '表达式不完整。' },
        );
    }
  }

  private call(nameToken: Token, name: string): Expr {
    this.expectOp('(', 'after the function name', "函数名后面应为 '('");
    return this.nested((): Expr => {
      if (this.acceptOp('*')) {
        this.expectOp(')', 'after *', "* 后面应为 ')'");
        return { kind: 'call', name, args: [], star: true, pos: nameToken.pos };
      }
      const distinctAt = this.peek();
      const distinct = this.acceptKeyword('distinct');
      if (distinct && this.peek().type === 'op' && this.peek().value === ')') {
        throw this.error(
          distinctAt,
          { message: 'expected a value after DISTINCT', hint: 'Write count(distinct column).' },
          { message: 'DISTINCT 后面应为值', hint: '请写 count(distinct column)。' },
        );
      }
      const args: Expr[] = [];
      if (!this.acceptOp(')')) {
        do {
          if (args.length >= 8) {
            throw this.error(this.peek(), { message: 'too many function arguments' }, { message: '函数参数过多' });
          }
          args.push(this.or());
        } while (this.acceptOp(','));
        this.expectOp(')', 'to close the argument list', "应为 ')'，以结束参数列表");
      }
      return {
        kind: 'call',
        name,
        args,
        star: false,
        ...(distinct ? { distinct: true as const } : {}),
        pos: nameToken.pos,
      };
    });
  }

  private number(t: Token): number {
    const value = Number(t.value);
    if (!Number.isFinite(value)) {
      throw this.error(t, { message: `number ${t.value} is out of range` }, { message: `数字 ${t.value} 超出范围` });
    }
    if (/^[0-9]+$/.test(t.value) && !Number.isSafeInteger(value)) {
      throw this.error(
        t,
        {
          message: `integer ${t.value} is too large to be exact`,
          hint: 'Integers must lie within ±9007199254740991; add a decimal point for an approximate value.',
        },
        {
          message: `整数 ${t.value} 太大，无法精确表示`,
          hint: '整数必须在 ±9007199254740991 之内；如需近似值，请加上小数点。',
        },
      );
    }
    return value;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > QUERY_LIMITS.maxDepth) {
      throw queryError(
        this.param,
        {
          message: `nests deeper than ${QUERY_LIMITS.maxDepth} levels (at character ${this.peek().pos + 1})`,
          hint: 'Simplify the expression.',
        },
        { message: `嵌套超过 ${QUERY_LIMITS.maxDepth} 层（${zhAt(this.peek().pos)}）`, hint: '请简化表达式。' },
      );
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const t = this.tokens[this.index]!;
    if (t.type !== 'eof') this.index++;
    return t;
  }

  private isKeyword(t: Token | undefined, kw: string): boolean {
    return t?.type === 'ident' && t.value.toLowerCase() === kw;
  }

  private isPredicateKeyword(t: Token | undefined): boolean {
    return this.isKeyword(t, 'in') || this.isKeyword(t, 'between') || this.isKeyword(t, 'like');
  }

  private isPredicateStart(t: Token): boolean {
    return this.isPredicateKeyword(t) || this.isKeyword(t, 'is');
  }

  private acceptKeyword(kw: string): boolean {
    if (!this.isKeyword(this.peek(), kw)) return false;
    this.index++;
    return true;
  }

  private acceptOp(op: string): boolean {
    const t = this.peek();
    if (t.type !== 'op' || t.value !== op) return false;
    this.index++;
    return true;
  }

  /** `op` next, or a 400: `context` says what for (`after IN`), `zh` is the whole message in Chinese. */
  private expectOp(op: string, context: string, zh: string): void {
    if (!this.acceptOp(op)) throw this.error(this.peek(), { message: `expected '${op}' ${context}` }, { message: zh });
  }

  /** A 400 at token `t`: the messages are followed by where it is (`at character 12`, `（第 12 个字符处）`). */
  private error<En extends QueryText>(t: Token, en: En, zh: ZhOf<En>) {
    const near = t.type === 'eof' ? 'at the end' : `at character ${t.pos + 1}`;
    const nearZh = t.type === 'eof' ? '（在末尾）' : `（${zhAt(t.pos)}）`;
    return queryError(this.param, { ...en, message: `${en.message} ${near}` }, {
      ...zh,
      message: `${zh.message}${nearZh}`,
    } as ZhOf<En>);
  }
}

const describe = (t: Token): string => {
  switch (t.type) {
    case 'eof':
      return 'end of input';
    case 'string':
      return 'text literal';
    case 'system':
      return `':${t.value}'`;
    case 'number':
      return `number ${t.value}`;
    case 'op':
      return `'${t.value}'`;
    default:
      return `'${t.value}'`;
  }
};

/** `unexpected …` in Chinese: 意外的 ')'，意外的数字 42，输入意外结束. */
const unexpectedZh = (t: Token): string => {
  switch (t.type) {
    case 'eof':
      return '输入意外结束';
    case 'string':
      return '意外的文本字面量';
    case 'number':
      return `意外的数字 ${t.value}`;
    default:
      return `意外的 ${describe(t)}`;
  }
};

/**
 * Left-associative chains (`a + a + a …`) are built by loops, not recursion, so their depth is checked
 * once the tree exists, before the checker and compiler (which do recurse) ever see it.
 */
const checkDepth = (expr: Expr, param: string): Expr => {
  if (depthOf(expr) > QUERY_LIMITS.maxTreeDepth) {
    throw queryError(
      param,
      {
        message: `has more than ${QUERY_LIMITS.maxTreeDepth} chained operations`,
        hint: 'Simplify the expression, e.g. use IN (…) instead of a long chain of OR.',
      },
      {
        message: `连续运算超过 ${QUERY_LIMITS.maxTreeDepth} 个`,
        hint: '请简化表达式，例如用 IN (…) 代替一长串 OR。',
      },
    );
  }
  return expr;
};

/** Iterative, so even a pathological tree cannot overflow the stack here. */
const depthOf = (root: Expr): number => {
  let max = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length) {
    const [e, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > QUERY_LIMITS.maxTreeDepth) return max;
    for (const child of childrenOf(e)) stack.push([child, d + 1]);
  }
  return max;
};

export const childrenOf = (e: Expr): readonly Expr[] => {
  switch (e.kind) {
    case 'literal':
    case 'column':
    case 'system':
      return [];
    case 'not':
    case 'negate':
    case 'isNull':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'in':
      return [e.operand, ...e.list];
    case 'between':
      return [e.operand, e.low, e.high];
    case 'like':
      return [e.operand, e.pattern];
    case 'call':
      return e.args;
  }
};
