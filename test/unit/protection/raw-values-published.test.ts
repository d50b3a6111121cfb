/** The one rule for whether a field's raw values are published (reports mask the others' values). */
import { describe, expect, it } from 'vitest';
import { rawValuesPublished } from '../../../functions/core/protection/raw-values-published.ts';

describe('rawValuesPublished', () => {
  it('holds for a public field without a treatment only', () => {
    expect(rawValuesPublished({ grade: 'public' })).toBe(true);
    expect(rawValuesPublished({ grade: 'public', treatment: { kind: 'pseudonymize', length: 16 } })).toBe(false);
    expect(rawValuesPublished({ grade: 'sensitive', treatment: { kind: 'drop' } })).toBe(false);
    expect(rawValuesPublished({ grade: 'core' })).toBe(false);
  });
});
