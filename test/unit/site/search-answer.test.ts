import { describe, expect, it } from 'vitest';
import { type ApiDataset, answerFromApi, matchCount } from '../../../site/src/scripts/search.ts';

const dataset = (id: string): ApiDataset => ({
  id,
  title: { 'zh-CN': `数据集 ${id}`, en: `Dataset ${id}` },
  description: { en: 'Some **text**' },
  publisher: { name: { en: 'Bureau' } },
  formats: ['csv'],
  updatedAt: '2026-01-02T00:00:00Z',
});

describe('answerFromApi', () => {
  it('counts every match, not the page the site asked for (150 match, 20 shown)', () => {
    const page = Array.from({ length: 20 }, (_, i) => dataset(`d${i}`));
    const a = answerFromApi({ datasets: page, total: 150 }, 'en', { updated: 'Updated' });
    expect(a?.hits).toHaveLength(20);
    expect(a?.total).toBe(150);
    expect(matchCount(a!, 'en')).toBe('150');
  });

  it('maps a dataset to a hit in the page language, and keeps the correction', () => {
    const a = answerFromApi({ datasets: [dataset('x')], total: 1, correctedQ: 'weather' }, 'en', {
      updated: 'Updated',
    });
    expect(a).toEqual({
      hits: [
        {
          url: '/en/datasets/x/',
          title: 'Dataset x',
          excerpt: 'Some text',
          facts: 'Bureau · CSV · Updated 2 January 2026',
        },
      ],
      total: 1,
      correctedQ: 'weather',
    });
  });

  it("says which values of the data matched, after their columns' titles, when the API names them", () => {
    const d = { ...dataset('flights'), fields: [{ name: 'origin', title: { 'zh-CN': '始发机场', en: 'Origin' } }] };
    const body = {
      datasets: [d, dataset('other')],
      total: 2,
      matchedValues: {
        flights: [
          { field: 'origin', value: 'SFO' },
          { field: 'carrier', value: 'UA' },
        ],
      },
    };
    const en = answerFromApi(body, 'en', { updated: 'Updated', inData: 'In the data' });
    expect(en?.hits.map((h) => h.found)).toEqual(['In the data: Origin SFO · carrier UA', undefined]);
    const zh = answerFromApi(body, 'zh-CN', { updated: '最近更新', inData: '数据中的取值' });
    expect(zh?.hits[0]?.found).toBe('数据中的取值：始发机场 SFO · carrier UA');
    // A page without the words for it (an older page) shows no such line.
    expect(answerFromApi(body, 'en', { updated: 'Updated' })?.hits[0]).not.toHaveProperty('found');
  });

  it('falls back to the page size without a total, and rejects a body that is not an answer', () => {
    expect(answerFromApi({ datasets: [dataset('x')] }, 'zh-CN', { updated: '' })?.total).toBe(1);
    expect(answerFromApi({}, 'en', { updated: '' })).toBeUndefined();
  });

  it('says a lower bound as one (offline search stops at a page of matches)', () => {
    expect(matchCount({ hits: [], total: 20, atLeast: true }, 'en')).toBe('20+');
    expect(matchCount({ hits: [], total: 5000 }, 'zh-CN')).toBe('5,000');
  });
});
