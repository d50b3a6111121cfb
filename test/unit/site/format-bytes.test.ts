import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../site/src/lib/format.ts';

describe('formatBytes', () => {
  it('gives one decimal from KB up, so sizes side by side line up', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(25 * 1024, 'en')).toBe('25.0 KB');
    expect(formatBytes(264 * 1024 * 1024, 'zh-CN')).toBe('264.0 MB');
    expect(formatBytes(Math.round(266.8 * 1024 * 1024), 'en')).toBe('266.8 MB');
    expect(formatBytes(3 * 1024 ** 4, 'en')).toBe('3.0 TB');
  });

  it('groups thousands in the page language', () => {
    expect(formatBytes(1023 * 1024 ** 4, 'en')).toBe('1,023.0 TB');
  });
});
