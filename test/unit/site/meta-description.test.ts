import { describe, expect, it } from 'vitest';
import { DESCRIPTION_MAX, metaDescription } from '../../../site/src/lib/meta-description.ts';

describe('metaDescription (review finding 12: descriptions were cut mid-word)', () => {
  it('keeps a short text as it is, on one line', () => {
    expect(metaDescription('One day per row.\nFrom 2012.', 'en')).toBe('One day per row. From 2012.');
  });

  it('ends with whole sentences when they fill at least half of it', () => {
    const zh =
      '每行是一个县级统计区划单位（市辖区、县级市、县、自治县、旗、特区、林区等），包括 6 位统计用区划代码、名称、所属地级代码和省级代码，共 2978 行。数据来自国家统计局《2023 年统计用区划代码和城乡划分代码》（截止日期 2023-06-30，发布日期 2023-09-11），由开源项目整理为 CSV。注意：名称在全国范围内不唯一，请用代码关联。';
    const out = metaDescription(zh, 'zh-CN');
    expect(out).toBe(
      '每行是一个县级统计区划单位（市辖区、县级市、县、自治县、旗、特区、林区等），包括 6 位统计用区划代码、名称、所属地级代码和省级代码，共 2978 行。',
    );
    expect(out.length).toBeLessThanOrEqual(DESCRIPTION_MAX['zh-CN']);
  });

  it('cuts a long Chinese sentence after a clause mark outside brackets, with ……', () => {
    const zh = `平台每日计算的各部门数据开放考核结果：每行是一个数据集在某一天的按时更新状态（对照其声明的更新频率）、质量评分（许可、描述、字段说明、时空范围、机器可读格式、主键、按时更新、脱敏报告、未处理问题）、近 30 天下载与查询次数，以及用户评分和未处理问题数量，供公众监督。`;
    const out = metaDescription(zh, 'zh-CN');
    expect(out).toBe(
      '平台每日计算的各部门数据开放考核结果：每行是一个数据集在某一天的按时更新状态（对照其声明的更新频率）、质量评分（许可、描述、字段说明、时空范围、机器可读格式、主键、按时更新、脱敏报告、未处理问题）、近 30 天下载与查询次数……',
    );
    expect(out.length).toBeLessThanOrEqual(DESCRIPTION_MAX['zh-CN']);
  });

  it('cuts a long English sentence between words, with …', () => {
    const en =
      'Each row is one day in Seattle, Washington, USA, from 2012-01-01 to 2015-12-31 (1,461 days, none missing): precipitation (mm), maximum and minimum temperature (°C), average wind speed and a weather category (drizzle, rain, snow, sun, fog).';
    const out = metaDescription(en, 'en');
    expect(out).toBe(
      'Each row is one day in Seattle, Washington, USA, from 2012-01-01 to 2015-12-31 (1,461 days, none missing): precipitation (mm), maximum and minimum temperature (°C), average wind speed and a weather…',
    );
    expect(out.length).toBeLessThanOrEqual(DESCRIPTION_MAX.en);
    // The review's page ended "…and a weather ca".
    expect(out).not.toMatch(/\sca…$/);
  });
});
