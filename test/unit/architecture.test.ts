import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

describe('architecture', () => {
  it('keeps the domain core pure: no AWS SDK, DuckDB, filesystem or adapters', () => {
    const offenders: string[] = [];
    for (const f of files(join(root, 'functions', 'core'))) {
      for (const spec of imports(f)) {
        if (
          /^(node:)?(fs|fs\/promises|child_process|net|http|https)$/.test(spec) ||
          spec.startsWith('@aws-sdk/') ||
          spec.startsWith('@duckdb/') ||
          /\/(adapters|wiring|handlers|local|usecases)\//.test(spec)
        ) {
          offenders.push(`${relative(root, f)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps ports free of adapters', () => {
    const offenders = files(join(root, 'functions', 'ports')).flatMap((f) =>
      imports(f)
        .filter((s) => /adapters|@aws-sdk|@duckdb/.test(s))
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('picks adapters only in wiring/ (and the local platform)', () => {
    const offenders = files(join(root, 'functions', 'handlers')).flatMap((f) =>
      imports(f)
        .filter((s) => /\/adapters\//.test(s))
        .map((s) => `${relative(root, f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('detects a forbidden import (the check itself can fail)', () => {
    const probe = "import { readFile } from 'node:fs/promises';\nimport x from '@duckdb/node-api';";
    const found = [...probe.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(found).toEqual(['node:fs/promises', '@duckdb/node-api']);
  });
});
