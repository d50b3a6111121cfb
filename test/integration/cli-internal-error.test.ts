/**
 * An unexpected error while checking a release (a bug, e.g. a DuckDB binder error) is one line on
 * stderr and exit 1 from `validate` and `preview`, never an uncaught stack trace.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DuckDbReleaseProcessor } from '../../functions/adapters/duckdb/duckdb-release-processor.ts';
import { main } from '../../functions/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');

function capture(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env, cwd: root }, out, err };
}

describe('an internal error in the CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['validate', []],
    ['preview', ['--out', join(tmpdir(), `cli-internal-${process.pid}`)]],
  ])('%s prints one line asking for a report and exits 1', async (command, extra) => {
    // Stands in for a bug in the pipeline (there is no known way left to trigger one from data).
    vi.spyOn(DuckDbReleaseProcessor.prototype, 'process').mockRejectedValue(
      new Error('Binder Error: Referenced column "email" not found in FROM clause!\nLINE 1: ...'),
    );
    const c = capture();
    expect(await main([command, join(root, 'datasets', 'seattle-weather'), ...extra], c.io)).toBe(1);
    expect(c.err).toEqual([
      `opendata ${command}: internal error: Binder Error: Referenced column "email" not found in FROM clause! (please report)`,
    ]);
    expect(c.out).toEqual([]);
  });

  it('says it in Chinese under OPENDATA_LANG=zh: a fault of the program, not of the data', async () => {
    vi.spyOn(DuckDbReleaseProcessor.prototype, 'process').mockRejectedValue(new Error('Binder Error: x'));
    const c = capture({ OPENDATA_LANG: 'zh' });
    expect(await main(['validate', join(root, 'datasets', 'seattle-weather')], c.io)).toBe(1);
    expect(c.err).toEqual([
      'opendata validate：内部错误（程序缺陷，不是数据的问题，请报告给平台团队）：Binder Error: x',
    ]);
  });
});
