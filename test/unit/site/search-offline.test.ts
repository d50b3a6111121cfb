import { describe, expect, it } from 'vitest';
import { byTitle, matchCandidates, type PagefindResultData } from '../../../site/src/scripts/search-offline.ts';

/** Pagefind candidates whose titles are given; counts the fragments fetched (one request each in a browser). */
function candidates(titles: string[]) {
  const fetched = { n: 0 };
  const list = titles.map((title, i) => ({
    data: async (): Promise<PagefindResultData> => {
      fetched.n++;
      return { url: `/datasets/d${i}/`, content: '', excerpt: '', meta: { title } };
    },
  }));
  return { list, fetched };
}

describe('matchCandidates (offline search)', () => {
  it('fetches candidates in batches and stops once a page of matches is found', async () => {
    // 300 candidates, every third a real match (Pagefind over-proposes): 100 matches in all.
    const { list, fetched } = candidates(Array.from({ length: 300 }, (_, i) => (i % 3 ? 'Air quality' : 'Weather')));
    const r = await matchCandidates('weather', list, 20, 20);
    expect(r.matches).toHaveLength(20);
    expect(r.matches[0]?.url).toBe('/datasets/d0/');
    expect(fetched.n).toBe(60); // 3 batches, not 300 fragments
    expect(r).toMatchObject({ total: 20, atLeast: true });
  });

  it('checks every candidate past the old 200 when matches are sparse, and then counts exactly', async () => {
    // The only matches come after the 200th candidate: the old cut lost them.
    const { list, fetched } = candidates(Array.from({ length: 250 }, (_, i) => (i >= 240 ? 'Weather' : 'Air')));
    const r = await matchCandidates('weather', list, 20, 20);
    expect(r.matches.map((d) => d.url)).toHaveLength(10);
    expect(r).toMatchObject({ total: 10, atLeast: false });
    expect(fetched.n).toBe(250);
  });

  it('never fetches more than 1,000 candidates', async () => {
    const { list, fetched } = candidates(Array.from({ length: 1500 }, () => 'Air'));
    const r = await matchCandidates('weather', list, 20, 20);
    expect(fetched.n).toBe(1000);
    expect(r).toMatchObject({ total: 0, atLeast: true });
  });
});

describe('byTitle (offline sort=title)', () => {
  const pages = (titles: string[]) => titles.map((title, i) => ({ url: `/datasets/d${i}/`, meta: { title } }));

  it('orders Chinese titles by pinyin, as the API does, not by code point', () => {
    const zh = ['上海市公交线路', '北京市空气质量', '重庆市人口', '安徽省学校', 'API 调用统计', '银行网点'];
    expect(byTitle(pages(zh), 'zh-CN').map((p) => p.meta.title)).toEqual([
      '安徽省学校', // an
      '北京市空气质量', // bei
      '重庆市人口', // chong
      '上海市公交线路', // shang
      '银行网点', // yin
      'API 调用统计', // Latin after Chinese, as ICU's zh order puts it
    ]);
  });

  it('orders English titles alphabetically, ignoring case, equal titles by URL', () => {
    const en = byTitle(pages(['beijing air', 'Anhui schools', 'Beijing air', 'API calls', 'Beijing air']), 'en');
    expect(en.map((p) => `${p.meta.title} ${p.url}`)).toEqual([
      'Anhui schools /datasets/d1/',
      'API calls /datasets/d3/',
      'beijing air /datasets/d0/',
      'Beijing air /datasets/d2/',
      'Beijing air /datasets/d4/',
    ]);
  });
});
