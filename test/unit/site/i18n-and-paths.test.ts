import { describe, expect, it } from 'vitest';
import { ui } from '../../../site/src/i18n/index.ts';
import { apiFormUrl, switchLocaleHref } from '../../../site/src/lib/paths.ts';
import { st } from '../../../site/src/pages/scorecards/_i18n.ts';

describe('counts in the UI strings', () => {
  it('uses the plural form of the count (Intl.PluralRules) in English, one form in Chinese', () => {
    const en = ui('en');
    expect(en('datasetsCount', { n: 1 }, 1)).toBe('1 dataset');
    expect(en('datasetsCount', { n: 0 }, 0)).toBe('0 datasets');
    expect(en('datasetsCount', { n: '1,200' }, 1200)).toBe('1,200 datasets');
    expect(en('totalDatasets', {}, 1)).toBe('dataset');
    expect(ui('zh-CN')('datasetsCount', { n: 1 }, 1)).toBe('1 个数据集');
    expect(st('en')('votes', {}, 1)).toBe('vote');
    expect(st('en')('votes', {}, 2)).toBe('votes');
    expect(st('en')('daysOverdue', { n: 1 }, 1)).toBe('1 day overdue');
    expect(st('zh-CN')('daysOverdue', { n: 1 }, 1)).toBe('逾期 1 天');
    // A dataset's ratings: {avg} is left for the page to show bold.
    expect(en('feedbackAverage', { n: 1 }, 1)).toBe('Average rating: {avg} / 5 (1 rating)');
    expect(en('feedbackAverage', { n: 3 }, 3)).toBe('Average rating: {avg} / 5 (3 ratings)');
  });
});

describe('apiFormUrl', () => {
  it('is root-relative when the API has the site’s origin, so the forms work at any address of the site', () => {
    expect(apiFormUrl('http://localhost:8787', 'http://localhost:8787/', '/v1/requests')).toBe('/v1/requests');
    expect(apiFormUrl('https://d1.cloudfront.net', new URL('https://d1.cloudfront.net/'), '/v1/requests')).toBe(
      '/v1/requests',
    );
    expect(apiFormUrl('https://data.example.org/api/', 'https://data.example.org/', '/v1/requests')).toBe(
      '/api/v1/requests',
    );
  });

  it('is absolute when the API is elsewhere', () => {
    expect(apiFormUrl('https://api.example.org', 'https://data.example.org/', '/v1/requests')).toBe(
      'https://api.example.org/v1/requests',
    );
    expect(apiFormUrl('https://api.example.org', undefined, '/v1/requests')).toBe(
      'https://api.example.org/v1/requests',
    );
  });
});

describe('the language switch address (switchLocaleHref)', () => {
  it('keeps the query and the section on the other language’s page, not a form post’s outcome', () => {
    expect(switchLocaleHref('/en/datasets/', '?q=%E5%A4%A9%E6%B0%94&theme=environment&theme=regions', '')).toBe(
      '/en/datasets/?q=%E5%A4%A9%E6%B0%94&theme=environment&theme=regions',
    );
    expect(switchLocaleHref('/en/datasets/seattle-weather/', '', '#downloads-h')).toBe(
      '/en/datasets/seattle-weather/#downloads-h',
    );
    // The form's own fragment is a section like any other; its outcome's fragment (-sent, -error) stays behind.
    expect(switchLocaleHref('/datasets/x/', '', '#feedback')).toBe('/datasets/x/#feedback');
    expect(switchLocaleHref('/datasets/x/', '?sent=feedback', '#feedback-sent')).toBe('/datasets/x/');
    expect(switchLocaleHref('/requests/', '?sent=vote', '#r-abc-sent')).toBe('/requests/');
    expect(switchLocaleHref('/requests/', '?error=bad-request&field=title&q=a', '#new-request-error')).toBe(
      '/requests/?q=a',
    );
    // Called again on the address it wrote: the same address, not a doubled query.
    expect(switchLocaleHref('/en/?q=a', '?q=b', '#')).toBe('/en/?q=b');
  });
});
