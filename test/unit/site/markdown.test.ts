import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown, safeUrl } from '../../../site/src/lib/markdown.ts';
import { jsonForScript } from '../../../site/src/lib/schema-org.ts';

describe('renderMarkdown (untrusted descriptions)', () => {
  it('renders the supported subset', () => {
    const html = renderMarkdown(
      '# Title\n\nSome **bold** and *italic* and `code`.\n\n- one\n- two\n\n1. a\n2. b\n\n[site](https://example.org/)',
    );
    expect(html).toContain('<h3>Title</h3>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>italic</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>a</li><li>b</li></ol>');
    expect(html).toContain('<a href="https://example.org/" rel="nofollow noopener">site</a>');
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](\u0001javascript:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](vbscript:msgbox(1))',
  ])('drops unsafe link targets: %s', (md) => {
    const html = renderMarkdown(md);
    expect(html).not.toMatch(/href=/i);
    expect(html).not.toMatch(/<script/i);
  });

  it('never passes raw HTML through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)"> <iframe src="javascript:alert(1)"></iframe>',
    );
    expect(html).not.toMatch(/<(script|img|iframe)/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('escapes quotes inside link targets and labels', () => {
    const html = renderMarkdown('[a"b](https://example.org/?q="><script>)');
    expect(html).not.toContain('"><script>');
  });

  it('safeUrl keeps http(s) and mailto only', () => {
    expect(safeUrl('https://a.b/')).toBe('https://a.b/');
    expect(safeUrl('mailto:x@y.z')).toBe('mailto:x@y.z');
    expect(safeUrl(' javascript:alert(1)')).toBeNull();
    expect(safeUrl('/relative')).toBeNull();
  });

  it('marks text in the other language than the element’s with lang, escaped as ever (WCAG 3.1.2)', () => {
    expect(renderMarkdown('Counts include **市辖区** <b> entries.', 3, 'en')).toBe(
      '<p>Counts include <strong><span lang="zh-CN">市辖区</span></strong> &lt;b&gt; entries.</p>',
    );
    expect(renderMarkdown('按 GB/T 2260 编码，见 [来源](https://a.b/)', 3, 'zh-CN')).toBe(
      '<p>按 <span lang="en">GB/T</span> 2260 编码，见 <a href="https://a.b/" rel="nofollow noopener">来源</a></p>',
    );
    // Without a language, nothing is marked.
    expect(renderMarkdown('市辖区 entries')).toBe('<p>市辖区 entries</p>');
  });

  it('markdownToText strips tags and markup', () => {
    expect(markdownToText('A [link](javascript:x) <b>bold</b> **x**')).toBe('A link bold x');
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element', () => {
    const s = jsonForScript({ name: '</script><script>alert(1)</script>' });
    expect(s).not.toContain('</script');
    expect(JSON.parse(s)).toEqual({ name: '</script><script>alert(1)</script>' });
  });
});
