import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/handler-functions.ts';
import * as stub from '../../infra/constructs/no-duckdb.ts';

/**
 * The functions without DuckDB bundle infra/constructs/no-duckdb.ts in place of @duckdb/node-api;
 * esbuild refuses the bundle ("No matching export") if a value imported from the package is missing
 * there. This finds it in milliseconds rather than at synth.
 */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

describe('the stand-in for @duckdb/node-api', () => {
  it('exports every value the functions import from the package', () => {
    const imported = new Set<string>();
    for (const file of sources(join(REPO_ROOT, 'functions'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@duckdb\/node-api'/g)) {
        if (m[1]) continue;
        for (const name of (m[2] ?? '').split(',').map((n) => n.trim())) {
          if (name && !name.startsWith('type ')) imported.add(name.split(/\s+as\s+/)[0] as string);
        }
      }
    }
    expect(imported.size).toBeGreaterThan(2);
    const missing = [...imported].filter((n) => !(n in stub));
    expect(missing).toEqual([]);
  });

  it('throws on use, naming the way to ship DuckDB', () => {
    expect(() => (stub.DuckDBInstance as unknown as { create: () => void }).create()).toThrow(/duckdb: true/);
    expect(() => stub.blobValue()).toThrow(/DuckDB is not part of this function/);
  });
});
