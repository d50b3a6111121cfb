import { describe, expect, it } from 'vitest';
import { withdrawalText } from '../../../site/src/lib/withdrawal-text.ts';

/** The dataset page says which party withdrew a version: the department by its name, or the platform; never a person. */
describe('withdrawal text on the dataset page', () => {
  const publisher = {
    id: 'demo-stats',
    name: { 'zh-CN': '示例市统计局', en: 'Demo City Statistics Bureau' },
    email: 'opendata@stats.demo-city.example',
  };
  const at = '2026-11-22T10:00:00.000Z';
  const reason = 'wrong station codes';

  it('names the publishing department by its name', () => {
    expect(withdrawalText({ at, reason, by: 'demo-stats' }, publisher, 'en')).toBe(
      'Withdrawn on 22 November 2026 by Demo City Statistics Bureau: wrong station codes',
    );
    expect(withdrawalText({ at, reason, by: 'demo-stats' }, publisher, 'zh-CN')).toBe(
      '2026年11月22日 由 示例市统计局 撤回：wrong station codes',
    );
  });

  it('names the platform for an admin', () => {
    expect(withdrawalText({ at, reason, by: 'platform' }, publisher, 'en')).toBe(
      'Withdrawn on 22 November 2026 by the platform: wrong station codes',
    );
    expect(withdrawalText({ at, reason, by: 'platform' }, publisher, 'zh-CN')).toBe(
      '2026年11月22日 由 平台 撤回：wrong station codes',
    );
  });

  it('never shows a person (records stored before named one), nor an absent party', () => {
    for (const by of ['bob', 'admin', undefined]) {
      const en = withdrawalText({ at, reason, ...(by ? { by } : {}) }, publisher, 'en');
      expect(en).toBe('Withdrawn on 22 November 2026: wrong station codes');
      expect(withdrawalText({ at, reason, ...(by ? { by } : {}) }, publisher, 'zh-CN')).toBe(
        '2026年11月22日 撤回：wrong station codes',
      );
    }
  });
});
