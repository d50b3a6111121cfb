import type { SqlViolation } from './inspect-select.ts';
import { perElementOf, SIZE_LIMITS, type Size, scaleSize, sumSizes, withoutSource } from './value-size.ts';

/** Where a value is computed, for a refusal: `repeat()` at `function repeat`. */
export interface Site {
  /** How messages name it: `repeat()`, `the operator ||`, `CAST(… AS VARCHAR)`. */
  readonly label: string;
  /** The violation's `where`: `function repeat`, `operator ||`. */
  readonly where: string;
}

/** The hint of every size refusal. */
export const SIZE_HINT =
  "/v1/sql refuses SQL that could build values much larger than the data it reads: write small literal counts and widths (repeat('-', 10), lpad(code, 6, '0')), select columns rather than copies of them, or download the file";

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
      this.refuse(
        at,
        `${at.label} could build a value of ${bytesText(s.bytes)} bytes from the query's constants; at most ${SIZE_LIMITS.valueBytes} are allowed`,
      );
      clamped = { ...clamped, bytes: 0 };
    }
    for (const [symbol, n] of s.copies) {
      const limit = symbol.startsWith('agg:') ? SIZE_LIMITS.gatheredCopies : SIZE_LIMITS.cellCopies;
      if (!symbol.startsWith('param:') && n > limit) {
        this.refuse(
          at,
          `${at.label} could hold ${bytesText(n)} copies of ${sourceText(symbol)} in one value; at most ${limit} are allowed`,
        );
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
          `the query would build ${bytesText(this.rowBytes)} bytes from constants for every row (up to ${at.label}); at most ${SIZE_LIMITS.rowBytes} are allowed, as DuckDB computes 2,048 rows at once`,
          SIZE_HINT,
          'row bytes',
        );
      }
    } else {
      this.constantBytes += bytes;
      if (this.constantBytes > SIZE_LIMITS.constantBytes) {
        this.refuse(
          QUERY,
          `the query's constant values would take ${bytesText(this.constantBytes)} bytes together (up to ${at.label}); at most ${SIZE_LIMITS.constantBytes} are allowed`,
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
          `the query would hold ${bytesText(total)} copies of ${sourceText(symbol)} in all (up to ${at.label}); at most ${limit} are allowed`,
          SIZE_HINT,
          `copies ${symbol}`,
        );
      }
    }
    return clamped;
  }

  /** Records a refusal, once per place and kind of reason (or per `key`). */
  refuse(at: Site, message: string, hint = SIZE_HINT, key = `${at.where}\n${message.replace(/\d+/g, '#')}`): void {
    if (this.dry || this.reported.has(key)) return;
    this.reported.add(key);
    this.violations.push({ where: at.where, message, hint });
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
const QUERY: Site = { label: 'the query', where: 'values' };

/** What a source is, for a message. */
function sourceText(symbol: string): string {
  const [kind, name] = [symbol.slice(0, symbol.indexOf(':')), symbol.slice(symbol.indexOf(':') + 1)];
  if (kind === 'cell') return `the column "${name}"`;
  if (kind === 'row') return `a row of "${name}"`;
  if (kind === 'agg') return `what ${name.replace(/#\d+$/, '')} gathered`;
  return symbol;
}

function bytesText(n: number): string {
  return n >= 1e15 || !Number.isFinite(n) ? 'more than 10^15' : String(Math.ceil(n));
}
