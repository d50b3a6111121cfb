import { inflateRawSync } from 'node:zlib';
import { readableSize } from './xlsx-readable-size.ts';
import type { ZipEntry } from './xlsx-zip-directory.ts';

/** Why a part cannot be read, in English and in Chinese. */
export interface PartRefusal {
  readonly en: string;
  readonly zh: string;
}

/** A part's bytes, inflated no further than the size it declares, or why it cannot be. */
export function inflatePart(zip: Buffer, e: ZipEntry): Buffer | PartRefusal {
  const misplaced = {
    en: `part ${e.name} is not where the zip's directory says`,
    zh: `其中的部件 ${e.name} 不在 zip 目录所说的位置`,
  };
  let data: Buffer;
  try {
    if (zip.readUInt32LE(e.offset) !== 0x04034b50) return misplaced;
    const start = e.offset + 30 + zip.readUInt16LE(e.offset + 26) + zip.readUInt16LE(e.offset + 28);
    data = zip.subarray(start, start + e.packed);
  } catch {
    return misplaced;
  }
  if (data.length < e.packed)
    return { en: `part ${e.name} is cut short`, zh: `其中的部件 ${e.name} 不完整（文件被截断）` };
  let bytes: Buffer;
  if (e.method === 0) bytes = data;
  else if (e.method === 8) {
    try {
      // zlib stops as soon as the output would pass the limit: a lying size costs no more than the truth.
      bytes = inflateRawSync(data, { maxOutputLength: Math.max(e.size, 1) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return {
          en: `part ${e.name} unpacks to more than the ${readableSize(e.size)} it declares`,
          zh: `其中的部件 ${e.name} 解压后超过了它声明的 ${readableSize(e.size, 'zh')}`,
        };
      }
      return {
        en: `part ${e.name} cannot be unpacked (${(err as Error).message})`,
        zh: `其中的部件 ${e.name} 无法解压（zlib：${(err as Error).message}）`,
      };
    }
  } else {
    return {
      en: `part ${e.name} is packed with method ${e.method}, which spreadsheet programs do not use`,
      zh: `其中的部件 ${e.name} 使用了压缩方法 ${e.method}，电子表格软件不会使用这种方法`,
    };
  }
  if (bytes.length !== e.size) {
    return {
      en: `part ${e.name} unpacks to ${readableSize(bytes.length)}, not the ${readableSize(e.size)} it declares`,
      zh: `其中的部件 ${e.name} 解压后是 ${readableSize(bytes.length, 'zh')}，而不是它声明的 ${readableSize(e.size, 'zh')}`,
    };
  }
  return bytes;
}
