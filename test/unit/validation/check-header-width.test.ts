import { describe, expect, it } from 'vitest';
import { checkHeader, MAX_SOURCE_COLUMNS } from '../../../functions/core/validation/check-header.ts';
import { manifestOf } from '../../fixtures/gate/harness.ts';

const manifest = manifestOf([{ name: 'id', type: 'integer' }]);

describe('a header of very many columns', () => {
  it('is one clear issue, not a crash (200,000 names once overflowed the stack)', () => {
    const columns = ['id', ...Array.from({ length: 200_000 }, (_, i) => `c${i}`)];
    const issues = checkHeader(columns, manifest, 'data.csv');
    expect(issues).toEqual([
      expect.objectContaining({ type: 'file/unreadable', message: expect.stringContaining('200001 columns') }),
    ]);
  });

  it('is checked as usual up to the limit', () => {
    const columns = ['id', ...Array.from({ length: MAX_SOURCE_COLUMNS - 1 }, (_, i) => `c${i}`)];
    expect(checkHeader(columns, manifest, 'data.csv')).toHaveLength(MAX_SOURCE_COLUMNS - 1);
  });
});
