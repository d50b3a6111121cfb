/** One part of a zip archive as its central directory declares it (sizes in bytes). */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly packed: number;
  readonly size: number;
  readonly offset: number;
}

const MAX32 = 0xffffffff;

/**
 * The entries of a zip archive's central directory (ZIP64 included), as declared. Throws on an archive
 * whose directory cannot be read (a RangeError from reading past its end, or a missing signature).
 */
export function centralDirectory(zip: Buffer): ZipEntry[] {
  let end = zip.length - 22;
  // The end record is followed by a comment of at most 65,535 bytes.
  while (zip.readUInt32LE(end) !== 0x06054b50) {
    if (end === 0 || zip.length - end > 22 + 0xffff) throw new RangeError('no end of central directory');
    end--;
  }
  let count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (end >= 20 && zip.readUInt32LE(end - 20) === 0x07064b50) {
    const end64 = Number(zip.readBigUInt64LE(end - 12));
    if (zip.readUInt32LE(end64) !== 0x06064b50) throw new RangeError('no ZIP64 end of central directory');
    count = Number(zip.readBigUInt64LE(end64 + 32));
    at = Number(zip.readBigUInt64LE(end64 + 48));
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new RangeError('no central directory entry');
    const nameEnd = at + 46 + zip.readUInt16LE(at + 28);
    const extraEnd = nameEnd + zip.readUInt16LE(at + 30);
    const name = zip.toString(zip.readUInt16LE(at + 8) & 0x800 ? 'utf8' : 'latin1', at + 46, nameEnd);
    // ZIP64: the sizes and offset saturated at 0xFFFFFFFF are in the extra field 0x0001, in this order.
    const wide = [zip.readUInt32LE(at + 24), zip.readUInt32LE(at + 20), zip.readUInt32LE(at + 42)];
    if (wide.includes(MAX32)) {
      let x = nameEnd;
      while (x + 4 <= extraEnd && zip.readUInt16LE(x) !== 0x0001) x += 4 + zip.readUInt16LE(x + 2);
      if (x + 4 > extraEnd) throw new RangeError('no ZIP64 extra field');
      let field = x + 4;
      for (const [j, v] of wide.entries()) {
        if (v !== MAX32) continue;
        wide[j] = Number(zip.readBigUInt64LE(field));
        field += 8;
      }
    }
    const [size = 0, packed = 0, offset = 0] = wide;
    entries.push({ name, method: zip.readUInt16LE(at + 10), packed, size, offset });
    at = extraEnd + zip.readUInt16LE(at + 32);
  }
  return entries;
}
