import { createReadStream } from 'node:fs';
import type { ZhText } from '../../core/validation/report.ts';
import { zh } from '../../core/validation/zh.ts';

/** What is wrong with an NDJSON line and what to do. */
export interface NdjsonLineProblem {
  /** What is wrong, in a few words ("a key is not quoted"). */
  readonly what: string;
  readonly hint: string;
  /** `what` (as `message`) and `hint` in Chinese. */
  readonly zh: ZhText;
}

/** The first line of an NDJSON file that is not a JSON object, and what is wrong with it. */
export interface BrokenNdjsonLine extends NdjsonLineProblem {
  /** The line of the file, from 1, blank lines included (as an editor numbers it). */
  readonly line: number;
  /** The row it stands for: blank lines are skipped, as DuckDB skips them. */
  readonly row: number;
}

const FIX_HINT =
  'each line must be one whole JSON object, keys and strings in double quotes ({"id": 1, "name": "…"}): fix the line, or export the file again from the source system';
const FIX_HINT_ZH =
  '每一行必须是一个完整的 JSON 对象，键和字符串都用双引号（{"id": 1, "name": "…"}）：请改正这一行，或从源系统重新导出文件';
const JSON_ARRAY_ZH = '如果整个文件是一个由对象组成的 JSON 数组，它就是 JSON 格式：请声明 `format: json`';

/** A problem whose hint is FIX_HINT. */
const toFix = (what: string, whatZh: string): NdjsonLineProblem => ({
  what,
  hint: FIX_HINT,
  zh: zh(whatZh, FIX_HINT_ZH),
});

/** What a JSON value that is not an object is, in Chinese, after 它是. */
const KIND_ZH: Record<string, string> = {
  array: '一个数组',
  null: ' null',
  string: '一个字符串',
  number: '一个数字',
  boolean: '一个布尔值',
};

/**
 * Finds the first line DuckDB cannot read as an object, in the file's own line numbers. Only called
 * once DuckDB refused the file: its message numbers lines one past the broken one, and says no more
 * than "unexpected character". Lines are split at LF as DuckDB splits them (a CR before it is
 * dropped; the last line needs no LF); a BOM is dropped from the first. Lines are judged as DuckDB
 * (yyjson) reads them: a trailing comma and NaN/Infinity are accepted.
 */
export async function firstBrokenNdjsonLine(path: string): Promise<BrokenNdjsonLine | undefined> {
  let line = 0;
  let row = 0;
  let pending: Buffer[] = [];
  const judge = (bytes: Buffer): BrokenNdjsonLine | undefined => {
    line++;
    let text = bytes.toString('utf8');
    if (line === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim().length === 0) return undefined;
    row++;
    const problem = ndjsonLineProblem(text);
    return problem ? { line, row, ...problem } : undefined;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    let start = 0;
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, start)) {
      pending.push(buf.subarray(start, i));
      const found = judge(Buffer.concat(pending));
      if (found) return found;
      pending = [];
      start = i + 1;
    }
    if (start < buf.length) pending.push(buf.subarray(start));
  }
  return pending.length > 0 ? judge(Buffer.concat(pending)) : undefined;
}

/** What is wrong with one non-blank NDJSON line, or undefined when it is a JSON object as DuckDB reads it. */
export function ndjsonLineProblem(text: string): NdjsonLineProblem | undefined {
  const t = text.trim();
  const scan = scanLine(t);
  let parsed: unknown;
  let error: Error | undefined;
  try {
    parsed = JSON.parse(t);
  } catch (e) {
    try {
      // What yyjson accepts and JSON.parse does not: trailing commas, NaN and Infinity.
      parsed = JSON.parse(scan.lenient);
    } catch {
      error = e as Error;
    }
  }
  if (!error) {
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return undefined;
    const type = Array.isArray(parsed) ? 'array' : parsed === null ? 'null' : typeof parsed;
    const kind = type === 'array' ? 'an array' : type === 'null' ? 'null' : `a ${type}`;
    const what = `it is ${kind}, not an object`;
    const whatZh = `它是${KIND_ZH[type] ?? ` ${type}`}，不是对象`;
    if (!Array.isArray(parsed)) return toFix(what, whatZh);
    return {
      what,
      hint: 'write each row as one JSON object keyed by column name; a file that is one JSON array of objects is JSON: declare `format: json`',
      zh: zh(whatZh, `请把每一行写成一个以列名为键的 JSON 对象；${JSON_ARRAY_ZH}`),
    };
  }
  if (t.startsWith('[')) {
    return {
      what: 'it starts with "[" (a JSON array, not an object)',
      hint: 'a file that is one JSON array of objects is JSON: declare `format: json`',
      zh: zh('这一行以“[”开头（是 JSON 数组，不是对象）', JSON_ARRAY_ZH),
    };
  }
  if (!t.startsWith('{')) {
    const first = [...t][0];
    return toFix(`it starts with "${first}", not "{"`, `这一行以“${first}”开头，而不是“{”`);
  }
  if (scan.openString || scan.depth > 0) {
    return {
      what: `unexpected end of the line: ${scan.openString ? 'a string' : 'the object'} is not closed`,
      hint: 'the line is cut off (an incomplete export), or its object goes on over the next lines: NDJSON holds each object whole on one line; export the file again, or declare `format: json` if it is a JSON array written over several lines',
      zh: zh(
        `这一行提前结束了，${scan.openString ? '字符串' : '对象'}没有闭合`,
        '这一行被截断了（导出不完整），或者它的对象延续到了后面几行：NDJSON 要求每个对象完整地写在一行上；请重新导出文件；如果文件是分多行书写的 JSON 数组，请声明 `format: json`',
      ),
    };
  }
  if (scan.afterEnd) {
    return {
      what: 'there is more after the object\'s closing "}" (two objects on one line?)',
      hint: 'put each object on its own line',
      zh: zh('对象结尾的“}”之后还有内容（一行里写了两个对象？）', '请把每个对象单独写在一行'),
    };
  }
  if (scan.singleQuote)
    return toFix('it uses single quotes (JSON takes double quotes)', '这一行用了单引号（JSON 要用双引号）');
  if (scan.unquotedKey) return toFix('a key is not quoted', '有一个键没有加双引号');
  // V8 gives the position in the trimmed line, sometimes at the white space before the culprit.
  const at = /position (\d+)/.exec(error.message)?.[1];
  if (at === undefined) return toFix('it is not valid JSON', '这一行不是有效的 JSON');
  let pos = Number(at);
  while (pos < t.length - 1 && /\s/.test(t[pos] as string)) pos++;
  const column = text.length - text.trimStart().length + pos + 1;
  return toFix(`unexpected character at column ${column}`, `这一行第 ${column} 个字符处出现了不该有的字符`);
}

/** What a walk over a line, outside its strings, finds. */
interface LineScan {
  readonly openString: boolean;
  /** Brackets and braces open at the end (never below 0). */
  readonly depth: number;
  /** Text after the first top-level value closed. */
  readonly afterEnd: boolean;
  readonly singleQuote: boolean;
  readonly unquotedKey: boolean;
  /** The line with trailing commas removed and NaN/Infinity as 0, outside strings. */
  readonly lenient: string;
}

function scanLine(t: string): LineScan {
  let inString = false;
  let depth = 0;
  let closedAt = -1;
  let outside = '';
  let lenient = '';
  const flush = () => {
    lenient += outside.replace(/,(\s*[}\]])/g, '$1').replace(/(?<![\w.])-?(nan|infinity|inf)(?!\w)/gi, '0');
    outside = '';
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i] as string;
    if (inString) {
      lenient += c;
      if (c === '\\') {
        lenient += t[i + 1] ?? '';
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      flush();
      lenient += c;
      inString = true;
      continue;
    }
    outside += c;
    if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0) {
      depth--;
      if (depth === 0 && closedAt === -1) closedAt = i;
    }
  }
  flush();
  const rest = closedAt === -1 ? '' : t.slice(closedAt + 1).trim();
  const bare = t.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return {
    openString: inString,
    depth,
    afterEnd: rest.length > 0,
    singleQuote: bare.includes("'"),
    unquotedKey: /[{,]\s*[^\s"'{}[\],:][^"{}[\],:]*:/.test(bare),
    lenient,
  };
}
