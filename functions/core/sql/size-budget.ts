import { joinZh } from '../zh-spacing.ts';
import type { SqlViolation } from './inspect-select.ts';
import { perElementOf, SIZE_LIMITS, type Size, scaleSize, sumSizes, withoutSource } from './value-size.ts';

/** Where a value is computed, for a refusal: `repeat()` at `function repeat`. */
export interface Site {
  /** How messages name it: `repeat()`, `the operator ||`, `CAST(… AS VARCHAR)`. */
  readonly label: string;
  /** How Chinese messages name it: `repeat()`, `运算符 ||`, `CAST(… AS VARCHAR)`. */
  readonly zhLabel: string;
  /** The violation's `where`: `function repeat`, `operator ||`. */
  readonly where: string;
}

/** A refusal's message or hint, in English and in simplified Chinese. */
export interface Words {
  readonly en: string;
  readonly zh: string;
}

/** The hint of every size refusal. */
export const SIZE_HINT: Words = {
  en: "/v1/sql refuses SQL that could build values much larger than the data it reads: write small literal counts and widths (repeat('-', 10), lpad(code, 6, '0')), select columns rather than copies of them, or download the file",
  zh: "/v1/sql 会拒绝可能生成远大于所读数据的值的 SQL：计数和宽度请写成较小的字面量（repeat('-', 10)、lpad(code, 6, '0')），直接选择列而不是它们的副本，或者下载文件",
};

/**
 * Adds up the values a query computes and records where a limit of SIZE_LIMITS is passed. Every
 * function, cast and list a query computes is charged with its size: each one's result lives in
 * memory at once with the others while a chunk of rows goes through the query.
 */
export class SizeBudget {
  readonly violations: SqlViolation[] = [];
  private constantBytes = 0;
  private rowBytes = 0;
  private readonly totals = new Map<string, number>();
  private readonly reported = new Set<string>();
  /** Inside lambda bodies: turns a size over the lambda's parameters into what all its evaluations hold. */
  private readonly lambdas: Array<(s: Size) => Size> = [];
  /** Dry runs (the iterations of a recursive CTE) charge nothing. */
  private dry = 0;
  /** How many times the expression being walked is computed: a `COLUMNS(*)` in it repeats it per column. */
  expansions = 1;

  /**
   * Charges a computed value and returns it; once a value passes a limit (reported), what it passed is
   * left out of the returned size, so the expressions around it do not report it again.
   */
  charge(at: Site, size: Size): Size {
    if (this.dry) return size;
    let s = size;
    for (let i = this.lambdas.length - 1; i >= 0; i--) s = (this.lambdas[i] as (s: Size) => Size)(s);
    if (s.fixed) return size;
    let clamped = size;
    if (s.bytes > SIZE_LIMITS.valueBytes) {
      this.refuse(at, {
        en: `${at.label} could build a value of ${bytesText(s.bytes)} bytes from the query's constants; at most ${SIZE_LIMITS.valueBytes} are allowed`,
        zh: `${at.zhLabel} 可能由查询中的常量生成 ${bytesZh(s.bytes)} 字节的值；最多允许 ${SIZE_LIMITS.valueBytes} 字节`,
      });
      clamped = { ...clamped, bytes: 0 };
    }
    for (const [symbol, n] of s.copies) {
      const limit = symbol.startsWith('agg:') ? SIZE_LIMITS.gatheredCopies : SIZE_LIMITS.cellCopies;
      if (!symbol.startsWith('param:') && n > limit) {
        this.refuse(at, {
          en: `${at.label} could hold ${bytesText(n)} copies of ${sourceText(symbol)} in one value; at most ${limit} are allowed`,
          zh: joinZh(
            `${at.zhLabel} 可能在一个值中包含 ${bytesZh(n)} 份`,
            sourceZh(symbol),
            `的副本；最多允许 ${limit} 份`,
          ),
        });
        const copies = new Map(clamped.copies);
        copies.delete(symbol);
        clamped = { ...clamped, copies };
      }
    }
    const bytes = clamped === size ? s.bytes * this.expansions : 0;
    if (s.perRow) {
      this.rowBytes += bytes;
      if (this.rowBytes > SIZE_LIMITS.rowBytes) {
        this.refuse(
          QUERY,
          {
            en: `the query would build ${bytesText(this.rowBytes)} bytes from constants for every row (up to ${at.label}); at most ${SIZE_LIMITS.rowBytes} are allowed, as DuckDB computes 2,048 rows at once`,
            zh: `查询会为每一行由常量生成 ${bytesZh(this.rowBytes)} 字节（算到 ${at.zhLabel} 为止）；最多允许 ${SIZE_LIMITS.rowBytes} 字节，因为 DuckDB 一次计算 2,048 行`,
          },
          SIZE_HINT,
          'row bytes',
        );
      }
    } else {
      this.constantBytes += bytes;
      if (this.constantBytes > SIZE_LIMITS.constantBytes) {
        this.refuse(
          QUERY,
          {
            en: `the query's constant values would take ${bytesText(this.constantBytes)} bytes together (up to ${at.label}); at most ${SIZE_LIMITS.constantBytes} are allowed`,
            zh: `查询中的常量值合计会占用 ${bytesZh(this.constantBytes)} 字节（算到 ${at.zhLabel} 为止）；最多允许 ${SIZE_LIMITS.constantBytes} 字节`,
          },
          SIZE_HINT,
          'constant bytes',
        );
      }
    }
    for (const [symbol, n] of clamped === size ? s.copies : []) {
      if (symbol.startsWith('param:')) continue;
      const total = (this.totals.get(symbol) ?? 0) + n;
      this.totals.set(symbol, total);
      const limit = symbol.startsWith('agg:') ? SIZE_LIMITS.gatheredCopiesTotal : SIZE_LIMITS.cellCopiesTotal;
      if (total > limit) {
        this.refuse(
          QUERY,
          {
            en: `the query would hold ${bytesText(total)} copies of ${sourceText(symbol)} in all (up to ${at.label}); at most ${limit} are allowed`,
            zh: joinZh(
              `查询总共会包含 ${bytesZh(total)} 份`,
              sourceZh(symbol),
              `的副本（算到 ${at.zhLabel} 为止）；最多允许 ${limit} 份`,
            ),
          },
          SIZE_HINT,
          `copies ${symbol}`,
        );
      }
    }
    return clamped;
  }

  /** Records a refusal, once per place and kind of reason (or per `key`). */
  refuse(at: Site, message: Words, hint = SIZE_HINT, key = `${at.where}\n${message.en.replace(/\d+/g, '#')}`): void {
    if (this.dry || this.reported.has(key)) return;
    this.reported.add(key);
    this.violations.push({
      where: at.where,
      message: message.en,
      hint: hint.en,
      zh: { message: message.zh, hint: hint.zh },
    });
  }

  /** Walks a lambda body: sizes over its parameters are charged as `total` turns them. */
  inLambda<T>(total: (s: Size) => Size, walk: () => T): T {
    this.lambdas.push(total);
    try {
      return walk();
    } finally {
      this.lambdas.pop();
    }
  }

  /** Walks without charging (a recursive CTE's iterations before its bound is known). */
  dryRun<T>(walk: () => T): T {
    this.dry++;
    try {
      return walk();
    } finally {
      this.dry--;
    }
  }

  /**
   * What all the evaluations of a lambda body hold, for a body of size `body` over parameter `param`
   * evaluated once per element of a list of size `list`: `copies × list` for the parameter (the
   * elements together are at most the list), and what the body adds per element times the number of
   * elements. Undefined when that is not linear (the body copies other columns into every element of a
   * list read from data).
   */
  static perElement(body: Size, param: string, list: Size): Size | undefined {
    const { rest, copies } = withoutSource(body, param);
    const added = perElementOf(list, rest);
    return added && sumSizes([scaleSize({ ...list, fixed: false }, copies), added]);
  }
}

/** The query as a whole, for the limits on all its values together. */
const QUERY: Site = { label: 'the query', zhLabel: '查询', where: 'values' };

/** What a source is, for a message. */
function sourceText(symbol: string): string {
  const [kind, name] = [symbol.slice(0, symbol.indexOf(':')), symbol.slice(symbol.indexOf(':') + 1)];
  if (kind === 'cell') return `the column "${name}"`;
  if (kind === 'row') return `a row of "${name}"`;
  if (kind === 'agg') return `what ${name.replace(/#\d+$/, '')} gathered`;
  return symbol;
}

/** sourceText in Chinese: 列 "name"，"t" 的一行，string_agg() 收集的值. */
function sourceZh(symbol: string): string {
  const [kind, name] = [symbol.slice(0, symbol.indexOf(':')), symbol.slice(symbol.indexOf(':') + 1)];
  if (kind === 'cell') return `列 "${name}"`;
  if (kind === 'row') return `"${name}" 的一行`;
  if (kind === 'agg') return `${name.replace(/#\d+$/, '')} 收集的值`;
  return symbol;
}

function bytesText(n: number): string {
  return n >= 1e15 || !Number.isFinite(n) ? 'more than 10^15' : String(Math.ceil(n));
}

function bytesZh(n: number): string {
  return n >= 1e15 || !Number.isFinite(n) ? '超过 10^15' : String(Math.ceil(n));
}
