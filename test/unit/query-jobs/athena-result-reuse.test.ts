import { StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { AthenaQueryJobs, RESULT_REUSE_MAX_AGE_MINUTES } from '../../../functions/adapters/aws/athena-query-jobs.ts';
import type { TableRef } from '../../../functions/ports/query-engine.ts';
import type { JobLabel } from '../../../functions/ports/query-jobs.ts';

/**
 * Athena query result reuse: every job asks for it, and two jobs share a result only when their text is
 * identical, which the label (dataset, version, the whole request) makes mean "the same question".
 */
const TABLE: TableRef = { datasetId: 'd', version: 2, parquetKey: 'k', sha256: 'a'.repeat(64), bytes: 5e9 };
const QUERY = { sql: 'SELECT * FROM "data" WHERE "n" > CAST(5 AS BIGINT) LIMIT 101', params: [] };

function jobs() {
  const sent: StartQueryExecutionCommand[] = [];
  const client = {
    send: async (c: StartQueryExecutionCommand) => {
      sent.push(c);
      return { QueryExecutionId: `id-${sent.length}` };
    },
  } as never;
  const adapter = new AthenaQueryJobs(client, async () => 'https://x', { workgroup: 'wg', database: 'db' });
  return { adapter, sent };
}

describe('Athena query result reuse', () => {
  it('asks Athena to reuse a result of the same text up to a day old', async () => {
    const { adapter, sent } = jobs();
    await adapter.submit({ data: TABLE }, QUERY, { dataset: 'd', version: 2, params: { $where: 'n > 5' } });
    expect(sent[0]).toBeInstanceOf(StartQueryExecutionCommand);
    expect(sent[0]?.input.ResultReuseConfiguration).toEqual({
      ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 1440 },
    });
    // Within Athena's limit (7 days) and well within the results bucket's 7-day expiry.
    expect(RESULT_REUSE_MAX_AGE_MINUTES).toBeLessThanOrEqual(10080);
    // Reuse is per query: the workgroup's enforced result configuration is never overridden.
    expect(sent[0]?.input.ResultConfiguration).toBeUndefined();
  });

  it('gives different requests or versions different texts, so they never share a result', async () => {
    const { adapter } = jobs();
    const label = (version: number, params: Record<string, string>): JobLabel => ({ dataset: 'd', version, params });
    const text = (l: JobLabel) => adapter.queryString({ data: { ...TABLE, version: l.version } }, QUERY, l);
    const same = text(label(2, { $where: 'n > 5' }));
    expect(text(label(2, { $where: 'n > 5' }))).toBe(same);
    expect(text(label(2, { $where: 'n > 6' }))).not.toBe(same);
    expect(text(label(3, { $where: 'n > 5' }))).not.toBe(same);
  });
});
