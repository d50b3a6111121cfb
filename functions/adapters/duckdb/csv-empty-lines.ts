import { open } from 'node:fs/promises';

const CHUNK_BYTES = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * The empty lines below the header of a CSV file (UTF-8 or ASCII-compatible), as DuckDB numbers
 * lines: the lines above the header and the header count one each, then every record does, a quoted
 * cell spanning lines counting once. DuckDB skips an empty line without numbering the rows after it,
 * so the report needs these to say on which line a row is. Only called for a file with issues to place;
 * a file without two line feeds in a row (nearly every export) is searched once, natively, and not scanned.
 */
export async function emptyLines(path: string, headerLine: number): Promise<number[]> {
  if (!(await mayHoldEmptyLine(path))) return [];
  const out: number[] = [];
  const fh = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let line = 1;
    let quoted = false;
    let empty = true;
    let position = 0;
    for (;;) {
      const { bytesRead } = await fh.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let i = 0; i < bytesRead; i++) {
        const b = chunk[i];
        if (line < headerLine) {
          // The lines above the header are skipped by count (`skip`), quotes or not.
          if (b === LF) line++;
          continue;
        }
        if (b === QUOTE) quoted = !quoted;
        else if (b === LF && !quoted) {
          if (empty && line > headerLine) out.push(line);
          line++;
          empty = true;
          continue;
        }
        if (b !== CR) empty = false;
      }
    }
  } finally {
    await fh.close();
  }
  return out;
}

/** Whether the file holds a line feed followed by another (a CR between them aside). */
async function mayHoldEmptyLine(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    // Two bytes of the previous chunk are kept in front, so a pair split between chunks is found.
    const buf = Buffer.alloc(CHUNK_BYTES + 2);
    let kept = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, kept, CHUNK_BYTES, position);
      if (bytesRead === 0) return false;
      position += bytesRead;
      const view = buf.subarray(0, kept + bytesRead);
      if (view.includes('\n\n') || view.includes('\n\r\n')) return true;
      kept = Math.min(2, view.length);
      view.copyWithin(0, view.length - kept);
    }
  } finally {
    await fh.close();
  }
}
