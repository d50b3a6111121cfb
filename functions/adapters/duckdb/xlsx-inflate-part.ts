import { inflateRawSync } from 'node:zlib';
import { readableSize } from './xlsx-readable-size.ts';
import type { ZipEntry } from './xlsx-zip-directory.ts';

/** A part's bytes, inflated no further than the size it declares, or why it cannot be. */
export function inflatePart(zip: Buffer, e: ZipEntry): Buffer | string {
  let data: Buffer;
  try {
    if (zip.readUInt32LE(e.offset) !== 0x04034b50) return `part ${e.name} is not where the zip's directory says`;
    const start = e.offset + 30 + zip.readUInt16LE(e.offset + 26) + zip.readUInt16LE(e.offset + 28);
    data = zip.subarray(start, start + e.packed);
  } catch {
    return `part ${e.name} is not where the zip's directory says`;
  }
  if (data.length < e.packed) return `part ${e.name} is cut short`;
  let bytes: Buffer;
  if (e.method === 0) bytes = data;
  else if (e.method === 8) {
    try {
      // zlib stops as soon as the output would pass the limit: a lying size costs no more than the truth.
      bytes = inflateRawSync(data, { maxOutputLength: Math.max(e.size, 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return `part ${e.name} unpacks to more than the ${readableSize(e.size)} it declares`;
      }
      return `part ${e.name} cannot be unpacked (${(err as Error).message})`;
    }
  } else return `part ${e.name} is packed with method ${e.method}, which spreadsheet programs do not use`;
  if (bytes.length !== e.size)
    return `part ${e.name} unpacks to ${readableSize(bytes.length)}, not the ${readableSize(e.size)} it declares`;
  return bytes;
}
