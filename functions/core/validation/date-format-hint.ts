import type { FieldSpec } from '../manifest/schema.ts';
import { isCalendarDate } from '../protection/detectors/detector.ts';

/**
 * Without a `format`, date and datetime fields read ISO text only (docs/formats.md). A department
 * export written otherwise (2024/01/15, 2024-1-5, 15.01.2024, 2024年1月15日, 20240115) is refused; the
 * hint names the strptime `format` that reads it, so the fix is one line of the manifest.
 */

const TIME = '(?:([T ])(\\d{1,2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?)?';
const YEAR_FIRST = new RegExp(`^(\\d{4})([-/.年])(\\d{1,2})([-/.月])(\\d{1,2})(日?)${TIME}$`);
const YEAR_LAST = new RegExp(`^(\\d{1,2})([-/.])(\\d{1,2})([-/.])(\\d{4})${TIME}$`);
const COMPACT = new RegExp(`^(\\d{4})(\\d{2})(\\d{2})${TIME}$`);

/**
 * strptime formats that may read `value` as the field's type, most likely first (DuckDB's `%m`, `%d`
 * and `%H` also read one digit). The caller checks them against the value before suggesting one.
 * Day-first and month-first are both offered when the value does not tell them apart (03/04/2024).
 */
export function dateFormatCandidates(value: string, type: FieldSpec['type']): string[] {
  if (type !== 'date' && type !== 'datetime') return [];
  const v = value.trim();
  const withTime = (date: string, m: RegExpMatchArray, at: number): string | null => {
    const [sep, , , seconds, fraction] = [m[at], m[at + 1], m[at + 2], m[at + 3], m[at + 4]];
    if (sep === undefined) return type === 'date' ? date : null;
    if (type === 'date') return null; // a time of day in a date field: the hint says to declare datetime
    return `${date}${sep}%H:%M${seconds !== undefined ? ':%S' : ''}${fraction !== undefined ? '.%f' : ''}`;
  };
  const out: (string | null)[] = [];
  let m = YEAR_FIRST.exec(v);
  if (m) out.push(withTime(`%Y${m[2]}%m${m[4]}%d${m[6]}`, m, 7));
  m = YEAR_LAST.exec(v);
  if (m && m[2] === m[4]) {
    const [a, b] = [Number(m[1]), Number(m[3])];
    const dayFirst = withTime(`%d${m[2]}%m${m[2]}%Y`, m, 6);
    const monthFirst = withTime(`%m${m[2]}%d${m[2]}%Y`, m, 6);
    if (a > 12) out.push(dayFirst);
    else if (b > 12) out.push(monthFirst);
    else out.push(dayFirst, monthFirst);
  }
  m = COMPACT.exec(v);
  if (m) out.push(withTime('%Y%m%d', m, 4));
  // A bare ISO date in a datetime field: midnight, if that is what the column means.
  if (type === 'datetime' && /^\d{4}-\d{2}-\d{2}$/.test(v)) out.push('%Y-%m-%d');
  return out.filter((f): f is string => f !== null);
}

/** The hint's addition for the formats found to read a value (none: nothing to add). */
export function formatHint(formats: readonly string[]): string {
  if (formats.length === 0) return '';
  const quoted = formats.map(formatKey).join(' or ');
  return `; this value reads with ${quoted} on the field${formats.length > 1 ? ' (day or month first: check which the export uses)' : ''}, if the whole column is written so`;
}

/** formatHint in Chinese, appended to the Chinese hint of the type. */
export function formatHintZh(formats: readonly string[]): string {
  if (formats.length === 0) return '';
  const quoted = formats.map(formatKey).join(' 或 ');
  return `；如果整列都是这样写的，在字段上设置 ${quoted} 就能读取这个值${formats.length > 1 ? DAY_OR_MONTH_ZH : ''}`;
}

const formatKey = (f: string) => `\`format: "${f}"\``;
const DAY_OR_MONTH_ZH = '（日在前还是月在前：请核对导出文件的写法）';

/**
 * For a value refused by a field that declares a `format`: the other formats (of dateFormatCandidates)
 * that read it as a real date, when the value is written in another recognizable style than the
 * field's (2025年3月7日 in a `%Y/%m/%d` column), or none. Pure JS, no query: the candidates' directives
 * are read by a regex built from them (one or two digits for %m, %d, %H as DuckDB's strptime reads them).
 */
export function otherDateStyles(value: string, field: Pick<FieldSpec, 'type' | 'format'>): string[] {
  if (!field.format) return [];
  return dateFormatCandidates(value, field.type).filter((f) => f !== field.format && readsAsDate(value.trim(), f));
}

/** The hint when a column mixes date styles: the field's format, and the other one(s) this value is written in. */
export function mixedStylesHint(field: Pick<FieldSpec, 'format'>, others: readonly string[]): string | undefined {
  const m = mixedStyles(field, others);
  if (!m) return undefined;
  const formats = m.formats.map(formatKey).join(' or ');
  const other = m.examples.join(' or ');
  return `this column mixes dates written like ${m.declared} (as the field's \`format\` says) and like ${other} (as this value is): write every date one way, or, if most rows are written like ${other}, declare ${formats} instead and rewrite the others${m.formats.length > 1 ? ' (day or month first: check which the export uses)' : ''}`;
}

/** mixedStylesHint in Chinese. */
export function mixedStylesHintZh(field: Pick<FieldSpec, 'format'>, others: readonly string[]): string | undefined {
  const m = mixedStyles(field, others);
  if (!m) return undefined;
  const formats = m.formats.map(formatKey).join(' 或 ');
  const other = m.examples.join(' 或 ');
  return `这一列的日期写法不统一，有的写成 ${m.declared}（与字段的 \`format\` 一致），有的写成 ${other}（如这个值）：请把所有日期统一成一种写法；如果大多数行写成 ${other}，也可以改为声明 ${formats}，再改写其余的行${m.formats.length > 1 ? DAY_OR_MONTH_ZH : ''}`;
}

/** The field's format shown as an example, and the other formats with an example each (none: no hint). */
function mixedStyles(
  field: Pick<FieldSpec, 'format'>,
  others: readonly string[],
): { declared: string; formats: string[]; examples: string[] } | undefined {
  const declared = field.format && formatExample(field.format);
  const shown = others.map((f) => [f, formatExample(f)] as const).filter(([, e]) => e !== null);
  if (!declared || shown.length === 0) return undefined;
  return { declared, formats: shown.map(([f]) => f), examples: shown.map(([, e]) => e as string) };
}

const DIRECTIVE: Readonly<Record<string, string>> = {
  Y: '(?<Y>\\d{4})',
  m: '(?<m>\\d{1,2})',
  d: '(?<d>\\d{1,2})',
  H: '(?<H>\\d{1,2})',
  M: '(?<M>\\d{2})',
  S: '(?<S>\\d{2})',
  f: '\\d+',
};

/** Whether `value` reads with `format` (the directives of dateFormatCandidates only) as a real date and time. */
function readsAsDate(value: string, format: string): boolean {
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c === '%') {
      const d = DIRECTIVE[format[++i] ?? ''];
      if (d === undefined) return false;
      source += d;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const g = new RegExp(`^${source}$`).exec(value)?.groups;
  if (!g) return false;
  const n = (k: string) => Number(g[k] ?? 0);
  return isCalendarDate(n('Y'), n('m'), n('d')) && n('H') < 24 && n('M') < 60 && n('S') < 60;
}

/** What each strptime directive writes for the example date-time, Tuesday 2024-03-05 14:30:00.25. */
const EXAMPLE: Readonly<Record<string, string>> = {
  Y: '2024',
  y: '24',
  m: '03',
  '-m': '3',
  d: '05',
  '-d': '5',
  e: ' 5',
  H: '14',
  '-H': '14',
  I: '02',
  '-I': '2',
  M: '30',
  '-M': '30',
  S: '00',
  '-S': '0',
  f: '250000',
  g: '250',
  p: 'PM',
  b: 'Mar',
  h: 'Mar',
  B: 'March',
  a: 'Tue',
  A: 'Tuesday',
  j: '065',
  '-j': '65',
  z: '+0800',
  '%': '%',
};

/**
 * A strptime format shown as what it reads, for hints a clerk can follow: `%Y/%m/%d` → 2024/03/05,
 * `%Y年%m月%d日 %H:%M` → 2024年03月05日 14:30. Null when the format has a directive not listed here.
 */
export function formatExample(format: string): string | null {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    const key = format[i + 1] === '-' ? `-${format[i + 2] ?? ''}` : (format[i + 1] ?? '');
    const text = EXAMPLE[key];
    if (text === undefined) return null;
    out += text;
    i += key.length;
  }
  return out;
}
