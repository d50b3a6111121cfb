import { describe, expect, it } from 'vitest';
import { repeatedParams } from '../../../functions/http/repeated-params.ts';

describe('repeatedParams', () => {
  it('names each parameter given twice, decoded as API Gateway decodes it', () => {
    expect(repeatedParams('weather=snow&weather=fog&$limit=5')).toEqual(['weather']);
    expect(repeatedParams('%24limit=5&$limit=2&a=1&a=2&a=3')).toEqual(['$limit', 'a']);
    expect(repeatedParams('a=1&b=2')).toEqual([]);
    expect(repeatedParams('')).toEqual([]);
    expect(repeatedParams(undefined)).toEqual([]);
  });
});
