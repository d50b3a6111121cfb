import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../functions/http/openapi/build-openapi.ts';
import { PROBLEM_RESPONSES } from '../../../functions/http/openapi/operations-public.ts';
import { OPERATIONS_ZH, RESPONSES_ZH, TAGS_ZH } from '../../../site/src/lib/api-reference-zh.ts';

/** The Chinese API reference page (/api/) translates every group and operation summary of the platform's document. */
describe('API reference in Chinese', () => {
  const doc = buildOpenApi() as {
    tags: { name: string }[];
    paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
  };
  const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));

  it('has a Chinese name and description for every tag', () => {
    const missing = doc.tags.map((t) => t.name).filter((n) => !TAGS_ZH[n]?.name || !TAGS_ZH[n]?.description);
    expect(missing).toEqual([]);
  });

  it('has a Chinese summary for every operation, and none for operations that are gone', () => {
    const ids = ops.map((op) => op.operationId ?? '');
    expect(ids.filter((id) => !OPERATIONS_ZH[id])).toEqual([]);
    expect(Object.keys(OPERATIONS_ZH).filter((id) => !ids.includes(id))).toEqual([]);
    for (const zh of Object.values(OPERATIONS_ZH)) expect(zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('has a Chinese text for every shared problem response', () => {
    const missing = Object.values(PROBLEM_RESPONSES)
      .map((r) => r.description)
      .filter((d) => !RESPONSES_ZH[d]);
    expect(missing).toEqual([]);
  });
});
