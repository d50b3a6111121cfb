import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** functions/core/query is pure domain: no file system, no DuckDB, no AWS SDK. */
const DIR = join(import.meta.dirname, '../../../functions/core/query');

describe('functions/core/query imports', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
  it.each(files)('%s imports only pure modules', (file) => {
    const source = readFileSync(join(DIR, file), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect(spec).toMatch(/^(\.{1,2}\/|zod$)/);
  });
});
