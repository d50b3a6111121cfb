import { describe, expect, it } from 'vitest';
import { toQueryRunProblem } from '../../../functions/adapters/duckdb/sql-error.ts';
import { isAppError } from '../../../functions/core/errors.ts';

describe('toQueryRunProblem', () => {
  it('turns an overflow of a compiled query into a 400 with a hint', () => {
    const p = toQueryRunProblem(
      new Error('Out of Range Error: Overflow in multiplication of INT64 (9007199254740991 * 9007199254740991)!'),
    );
    expect(isAppError(p) && p.status).toBe(400);
    expect(isAppError(p) && p.toJSON()).toMatchObject({
      detail: expect.stringMatching(/^a value is out of range while computing the query: Overflow in multiplication/),
      hint: expect.stringContaining('1.0'),
    });
  });

  it('leaves other errors as they are (a bare 500)', () => {
    const e = new Error('IO Error: disk full');
    expect(toQueryRunProblem(e)).toBe(e);
  });
});
