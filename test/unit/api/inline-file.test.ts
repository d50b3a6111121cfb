import { describe, expect, it } from 'vitest';
import { AppError } from '../../../functions/core/errors.ts';
import { decodeInlineFile } from '../../../functions/http/inline-file.ts';

describe('decodeInlineFile (contentBase64 of POST /v1/releases)', () => {
  it('reads base64 as encoders write it: padded, unpadded, wrapped, empty', () => {
    expect(decodeInlineFile('a.csv', 0, 'YQ==').toString()).toBe('a');
    expect(decodeInlineFile('a.csv', 0, 'YQ').toString()).toBe('a');
    expect(decodeInlineFile('a.csv', 0, 'YWJj\r\nZGVm\n').toString()).toBe('abcdef');
    expect(decodeInlineFile('a.csv', 0, '').length).toBe(0);
  });

  it('refuses what is not base64 with a 400 naming the file and where (Node would decode it to stray bytes)', () => {
    for (const text of ['!!!notbase64@@', 'YQ=', 'Y', 'YQ==YQ==', 'a-b_', 'YWJj ZGVm!']) {
      let err: unknown;
      try {
        decodeInlineFile('data/part-2.csv', 3, text);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(400);
      expect((err as AppError).detail).toMatch(/file "data\/part-2\.csv" is not valid base64/);
      expect((err as AppError).errors[0]?.where).toBe('body.files.3.contentBase64');
    }
  });
});
