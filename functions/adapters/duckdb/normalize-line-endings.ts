import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes a copy of a text file with every CRLF turned into LF, streaming. DuckDB's strict CSV reader
 * takes one line ending per file and stops on a file that mixes LF and CRLF, which hand-edited
 * exports often do; the copy has one (line numbers are unchanged). A CRLF inside a quoted cell
 * becomes LF too, as any line-ending normalisation does. Returns how many CRLFs were replaced.
 */
export async function normalizeLineEndings(src: string, dest: string): Promise<number> {
  let pendingCr = false;
  let replaced = 0;
  const toLf = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      let start = 0;
      let buf = chunk;
      if (pendingCr) {
        // A CR ended the previous chunk: it is dropped when this chunk starts with LF.
        if (chunk[0] === 0x0a) replaced++;
        buf = chunk[0] === 0x0a ? chunk : Buffer.concat([Buffer.from([0x0d]), chunk]);
        pendingCr = false;
      }
      const parts: Buffer[] = [];
      for (let i = buf.indexOf(0x0d); i !== -1; i = buf.indexOf(0x0d, i + 1)) {
        if (i === buf.length - 1) {
          parts.push(buf.subarray(start, i));
          pendingCr = true;
          start = buf.length;
        } else if (buf[i + 1] === 0x0a) {
          parts.push(buf.subarray(start, i));
          replaced++;
          start = i + 1;
        }
      }
      if (start < buf.length) parts.push(buf.subarray(start));
      cb(null, Buffer.concat(parts));
    },
    flush(cb) {
      cb(null, pendingCr ? Buffer.from([0x0d]) : null);
    },
  });
  await pipeline(createReadStream(src), toLf, createWriteStream(dest));
  return replaced;
}
