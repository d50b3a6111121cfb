/** The hint for a geopoint written longitude first (geopoint-hint.ts). */
import { describe, expect, it } from 'vitest';
import { geopointHint } from '../../../functions/core/validation/geopoint-hint.ts';

const GEO = { type: 'geopoint' } as const;

describe('geopointHint', () => {
  it('says a pair is longitude first when the first number is a longitude and the second a latitude', () => {
    expect(geopointHint('116.4,39.9', GEO, false)).toBe(
      'looks like longitude first (116.4,39.9): write latitude first: 39.9,116.4',
    );
    expect(geopointHint(' -122.42 , 37.77 ', GEO, false)).toBe(
      'looks like longitude first (-122.42,37.77): write latitude first: 37.77,-122.42',
    );
  });

  it('quotes none of a masked value', () => {
    const hint = geopointHint('116.4,39.9', GEO, true);
    expect(hint).toContain('longitude first');
    expect(hint).not.toMatch(/116|39/);
  });

  it.each([
    ['91,200', 'the first number is no longitude either'],
    ['181,10', 'beyond ±180'],
    ['116.4,100', 'the second is no latitude'],
    ['39.9,116.4', 'valid'],
    ['1,2,3', 'not a pair'],
    ['39.9，116.4', 'a full-width comma'],
  ])('leaves %s to the general hint (%s)', (value) => {
    expect(geopointHint(value, GEO, false)).toBeUndefined();
  });

  it('is for geopoint fields only', () => {
    expect(geopointHint('116.4,39.9', { type: 'string' }, false)).toBeUndefined();
  });
});
