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
