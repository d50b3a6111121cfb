import { AlreadyExistsException, CreateTableCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { GLUE_TYPES, GlueTableCatalog } from '../../../functions/adapters/aws/glue-table-catalog.ts';
import type { PublishedField } from '../../../functions/core/catalog/schema.ts';
import { FIELD_TYPES } from '../../../functions/core/manifest/vocabulary.ts';
import { type VersionTable, versionTableName } from '../../../functions/ports/table-catalog.ts';

/** Glue cannot run here: a stand-in `send` records the CreateTable input. */
function stubGlue(fail?: Error) {
  const sent: CreateTableCommand[] = [];
  return {
    sent,
    client: {
      send: async (c: CreateTableCommand) => {
        sent.push(c);
        if (fail) throw fail;
        return {};
      },
    } as never,
  };
}

const FIELDS: PublishedField[] = FIELD_TYPES.map((type) => ({ name: `Col_${type}`, type, grade: 'public' }));
const TABLE: VersionTable = {
  datasetId: 'us-flights-3m',
  version: 12,
  parquetKey: 'datasets/us-flights-3m/v000012/data.parquet',
  fields: FIELDS,
};
const OPTIONS = { database: 'opendata_dev', bucket: 'published-bucket' };

describe('GlueTableCatalog', () => {
  it('creates <dataset>_v<n> as a symlink table over the Parquet SerDe, columns typed as DuckDB wrote them', async () => {
    const glue = stubGlue();
    await new GlueTableCatalog(glue.client, OPTIONS).register(TABLE);
    expect(glue.sent).toHaveLength(1);
    expect(glue.sent[0]).toBeInstanceOf(CreateTableCommand);
    const input = glue.sent[0]!.input;
    expect(input.DatabaseName).toBe('opendata_dev');
    const t = input.TableInput!;
    expect(t.Name).toBe('us_flights_3m_v12');
    expect(t.TableType).toBe('EXTERNAL_TABLE');
    expect(t.Parameters).toEqual({ EXTERNAL: 'TRUE', classification: 'parquet' });
    const sd = t.StorageDescriptor!;
    // The location holds only the manifest: the version prefix's CSV/JSON files are never read.
    expect(sd.Location).toBe('s3://published-bucket/datasets/us-flights-3m/v000012/_athena/');
    expect(sd.InputFormat).toBe('org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat');
    expect(sd.OutputFormat).toBe('org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat');
    expect(sd.SerdeInfo?.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(sd.Columns).toEqual([
      { Name: 'col_string', Type: 'string' },
      { Name: 'col_integer', Type: 'bigint' },
      { Name: 'col_number', Type: 'double' },
      { Name: 'col_boolean', Type: 'boolean' },
      { Name: 'col_date', Type: 'date' },
      { Name: 'col_datetime', Type: 'timestamp' },
      { Name: 'col_time', Type: 'bigint' },
      { Name: 'col_year', Type: 'bigint' },
      { Name: 'col_yearmonth', Type: 'string' },
      { Name: 'col_geopoint', Type: 'string' },
    ]);
  });

  it('maps every published field type', () => {
    expect(Object.keys(GLUE_TYPES).sort()).toEqual([...FIELD_TYPES].sort());
  });

  it('writes a one-line symlink manifest naming only the version Parquet object', () => {
    const file = new GlueTableCatalog(stubGlue().client, OPTIONS).locationFile(TABLE);
    expect(file).toEqual({
      key: 'datasets/us-flights-3m/v000012/_athena/symlink.txt',
      body: 's3://published-bucket/datasets/us-flights-3m/v000012/data.parquet\n',
    });
  });

  it('counts an existing table as registered (versions are immutable) and passes other errors on', async () => {
    const exists = new AlreadyExistsException({ message: 'Table already exists.', $metadata: {} });
    await expect(new GlueTableCatalog(stubGlue(exists).client, OPTIONS).register(TABLE)).resolves.toBeUndefined();
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    await expect(new GlueTableCatalog(stubGlue(denied).client, OPTIONS).register(TABLE)).rejects.toThrow(
      /not authorized/,
    );
  });

  it('names tables in lower case without hyphens', () => {
    expect(versionTableName('cn-province-summary-gbk', 1)).toBe('cn_province_summary_gbk_v1');
  });
});
