import { AlreadyExistsException, CreateTableCommand, type GlueClient } from '@aws-sdk/client-glue';
import { versionPrefix } from '../../core/catalog/artifact-keys.ts';
import type { PublishedField } from '../../core/catalog/schema.ts';
import {
  type LocationFile,
  type TableCatalog,
  type VersionTable,
  versionTableName,
} from '../../ports/table-catalog.ts';

/**
 * Hive type of each published field type, as DuckDB writes it to Parquet (functions/core/validation/
 * cast-sql.ts `duckType`): years are BIGINT; year-months and geopoints are text. DuckDB writes TIME as
 * INT64 microseconds (Parquet TIME logical type), which Hive cannot read as a time: it is registered as
 * `bigint` so the table stays readable (Athena shows microseconds since midnight).
 */
export const GLUE_TYPES: Readonly<Record<PublishedField['type'], string>> = {
  string: 'string',
  integer: 'bigint',
  year: 'bigint',
  number: 'double',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamp',
  time: 'bigint',
  yearmonth: 'string',
  geopoint: 'string',
};

/**
 * Why a symlink table: Athena reads EVERY object under a table's location, and a version's prefix also
 * holds data.csv, data.json, data.ndjson and the metadata files. Moving the Parquet to its own prefix
 * would change the published, already-linked download keys; instead each version gets a one-line
 * manifest under `<version>/_athena/` (written write-once before the version commits) that names only
 * data.parquet, and the table reads it with SymlinkTextInputFormat + the Parquet SerDe.
 */
export const SYMLINK_DIR = '_athena/';
const SYMLINK_INPUT = 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat';
const IGNORE_KEY_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';

export class GlueTableCatalog implements TableCatalog {
  private readonly glue: Pick<GlueClient, 'send'>;
  private readonly options: { database: string; bucket: string };

  constructor(glue: Pick<GlueClient, 'send'>, options: { database: string; bucket: string }) {
    this.glue = glue;
    this.options = options;
  }

  locationFile(table: VersionTable): LocationFile {
    return {
      key: `${this.location(table)}symlink.txt`,
      body: `s3://${this.options.bucket}/${table.parquetKey}\n`,
    };
  }

  async register(table: VersionTable): Promise<void> {
    try {
      await this.glue.send(
        new CreateTableCommand({
          DatabaseName: this.options.database,
          TableInput: {
            Name: versionTableName(table.datasetId, table.version),
            Description: `${table.datasetId} version ${table.version} (published Parquet, read-only)`,
            TableType: 'EXTERNAL_TABLE',
            Parameters: { EXTERNAL: 'TRUE', classification: 'parquet' },
            StorageDescriptor: {
              Columns: table.fields.map((f) => ({ Name: f.name.toLowerCase(), Type: GLUE_TYPES[f.type] })),
              Location: `s3://${this.options.bucket}/${this.location(table)}`,
              InputFormat: SYMLINK_INPUT,
              OutputFormat: IGNORE_KEY_OUTPUT,
              SerdeInfo: { SerializationLibrary: PARQUET_SERDE, Parameters: { 'serialization.format': '1' } },
            },
          },
        }),
      );
    } catch (e) {
      // Versions are immutable: a table that exists was created by an earlier attempt for the same version.
      if (e instanceof AlreadyExistsException || (e as { name?: string }).name === 'AlreadyExistsException') return;
      throw e;
    }
  }

  private location(table: VersionTable): string {
    return `${versionPrefix(table.datasetId, table.version)}${SYMLINK_DIR}`;
  }
}
