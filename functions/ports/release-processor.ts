import type { DeidentificationEntry, PublishedField } from '../core/catalog/schema.ts';
import type { ValueProfile } from '../core/catalog/value-profile.ts';
import type { DatasetManifest } from '../core/manifest/schema.ts';
import type { PiiExceptionUse } from '../core/protection/pii-exceptions.ts';
import type { ValidationReport } from '../core/validation/report.ts';

export interface SourceInput {
  /** How the file is named in reports (path relative to the dataset folder, or package path). */
  readonly label: string;
  /** Local path of the file. */
  readonly path: string;
}

export interface ProducedFile {
  /** File name in the version, e.g. `data.csv`. */
  readonly name: string;
  readonly path: string;
  readonly format: 'csv' | 'parquet' | 'ndjson' | 'json' | 'meta';
  readonly mediaType: string;
}

export interface ProcessedRelease {
  readonly report: ValidationReport;
  /**
   * What each declared `piiExceptions` entry excepted; absent when the residual-PII scan did not run
   * (a file that could not be read). Identity numbers published under one need a platform sign-off.
   */
  readonly piiExceptions?: readonly PiiExceptionUse[];
  /** Present only when the report is valid: nothing is produced for a refused release. */
  readonly output?: {
    readonly files: readonly ProducedFile[];
    readonly rowCount: number;
    readonly fields: readonly PublishedField[];
    readonly deidentification: readonly DeidentificationEntry[];
    readonly preview: { columns: string[]; rows: Array<Array<string | number | boolean | null>> };
    /** The common values of the profilable columns, read back from the written Parquet (value-profile.ts). */
    readonly valueProfile: ValueProfile;
  };
}

/**
 * Reads a release's source files, validates them against the manifest, applies the protection gate
 * (grades, treatments, residual PII scan, k-anonymity) and writes the publishable files into
 * `workDir`. DuckDB does the work; the port keeps use cases free of it.
 */
export interface ReleaseProcessor {
  process(input: {
    manifest: DatasetManifest;
    sources: readonly SourceInput[];
    workDir: string;
    pseudonymKey: Uint8Array;
  }): Promise<ProcessedRelease>;
}
