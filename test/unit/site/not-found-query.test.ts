import { describe, expect, it } from 'vitest';
import { queryFromMissingPath } from '../../../site/src/scripts/not-found-query.ts';

describe('queryFromMissingPath (the 404 page searches for a missing dataset address)', () => {
  it('turns a dataset address into the words of its id, in either language', () => {
    expect(queryFromMissingPath('/datasets/seattle_weather/')).toBe('seattle weather');
    expect(queryFromMissingPath('/en/datasets/CN-Provinces/')).toBe('CN Provinces');
    expect(queryFromMissingPath('/datasets/us-flights')).toBe('us flights');
    expect(queryFromMissingPath('/datasets/%E5%A4%A9%E6%B0%94/')).toBe('天气');
    expect(queryFromMissingPath('/datasets/mauna-loa-co2/index.html')).toBe('mauna loa co2');
  });

  it('leaves every other address, and one it cannot read, to the empty box', () => {
    for (const path of [
      '/',
      '/nope/',
      '/datasets/',
      '/datasets/a/versions/',
      '/themes/x/',
      '/datasets/%E5%A4/',
      '/datasets/---/',
    ])
      expect(queryFromMissingPath(path), path).toBeUndefined();
    expect(queryFromMissingPath(`/datasets/${'a'.repeat(101)}/`)).toBeUndefined();
  });
});
