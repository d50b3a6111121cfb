import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../../functions/core/xml/escape.ts';

describe('text for XML 1.0', () => {
  it('escapes markup and drops what XML 1.0 cannot carry: C0 controls, U+FFFE, U+FFFF, lone surrogates', () => {
    expect(escapeXml('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(escapeXml('x\u0001y\u000bz\ttab\nline')).toBe('xyz\ttab\nline');
    expect(escapeXml('bad \uFFFE\uFFFF reason')).toBe('bad  reason');
    expect(escapeXml('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
  });

  it('keeps characters beyond the BMP (surrogate pairs) and Chinese text', () => {
    expect(escapeXml('数据 😀 𠀀')).toBe('数据 😀 𠀀');
  });
});
