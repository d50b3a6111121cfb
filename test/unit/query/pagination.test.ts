import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../functions/core/query/cursor.ts';
import { nextCursorFromRow, toPage } from '../../../functions/core/query/page-result.ts';
import { appErrorOf } from './app-error-of.ts';
import { duck } from './compile.ts';

describe('keyset pagination', () => {
  it('compiles the cursor into a NULLS LAST-aware condition on the named sort keys, values as parameters', () => {
    const first = duck({ $select: 'id, name', $order: 'name DESC', $limit: '2' });
    const cursor = nextCursorFromRow(first, [7, 'b', 'b', '7']);
    const next = duck({ $select: 'id, name', $order: 'name DESC', $limit: '2', cursor });
    expect(next.sql).toMatchInlineSnapshot(
      `"SELECT "id", "name", CAST("__key_0" AS VARCHAR) AS "__cursor_0", CAST("__key_1" AS VARCHAR) AS "__cursor_1" FROM (SELECT * FROM (SELECT "id" AS "id", "name" AS "name", "name" AS "__key_0", "id" AS "__key_1" FROM "data") AS "q" WHERE (("__key_0" COLLATE zh < CAST($1 AS VARCHAR) OR "__key_0" IS NULL) OR ("__key_0" COLLATE zh = CAST($1 AS VARCHAR) AND ("__key_1" > CAST($2 AS HUGEINT) OR "__key_1" IS NULL))) ORDER BY "__key_0" COLLATE zh DESC NULLS LAST, "__key_1" ASC NULLS LAST LIMIT $3) AS "p" ORDER BY "__key_0" COLLATE zh DESC NULLS LAST, "__key_1" ASC NULLS LAST"`,
    );
    expect(next.params).toEqual(['b', '7', 3]);
  });

  it('handles a NULL sort value in the cursor (nothing sorts after NULL but other NULLs)', () => {
    const first = duck({ $select: 'id, area', $order: 'area', $limit: '2' });
    const cursor = nextCursorFromRow(first, [9, null, null, '9']);
    const next = duck({ $select: 'id, area', $order: 'area', $limit: '2', cursor });
    expect(next.sql).toContain('WHERE ("__key_0" IS NULL AND ("__key_1" > CAST($1 AS HUGEINT) OR "__key_1" IS NULL))');
    expect(next.params).toEqual(['9', 3]);
  });

  it('NULLS FIRST: after a NULL key goes on to the other NULLs, then every value', () => {
    const first = duck({ $select: 'id, area', $order: 'area NULLS FIRST', $limit: '2' });
    const next = duck({
      $select: 'id, area',
      $order: 'area NULLS FIRST',
      cursor: nextCursorFromRow(first, [3, null, null, '3']),
    });
    expect(next.sql).toContain(
      'WHERE ("__key_0" IS NOT NULL OR ("__key_0" IS NULL AND ("__key_1" > CAST($1 AS HUGEINT) OR "__key_1" IS NULL)))',
    );
    expect(next.params).toEqual(['3', 101]);
  });

  it('NULLS FIRST: after a value has no NULLs left to show', () => {
    const first = duck({ $select: 'id, area', $order: 'area DESC NULLS FIRST', $limit: '2' });
    const next = duck({
      $select: 'id, area',
      $order: 'area DESC NULLS FIRST',
      cursor: nextCursorFromRow(first, [3, 2.5, '2.5', '3']),
    });
    expect(next.sql).toContain(
      'WHERE (("__key_0" < CAST($1 AS DOUBLE)) OR ("__key_0" = CAST($1 AS DOUBLE) AND ("__key_1" > CAST($2 AS HUGEINT) OR "__key_1" IS NULL)))',
    );
  });

  it('NULLS FIRST: a NULL last key is followed by every value', () => {
    const c = duck({ $select: 'area', $order: 'area NULLS FIRST' }, []);
    const only = duck({ $select: 'area', $group: 'area', $order: 'area NULLS FIRST' }, []);
    expect(c.cursorColumns).toHaveLength(2);
    const cursor = encodeCursor(only.fingerprint, [null]);
    expect(duck({ $select: 'area', $group: 'area', $order: 'area NULLS FIRST', cursor }, []).sql).toContain(
      'WHERE ("__key_0" IS NOT NULL)',
    );
  });
  it('cuts limit + 1 rows into a page, strips cursor columns and builds the next cursor', () => {
    const c = duck({ $select: 'id', $limit: '2' });
    const page = toPage(c, [
      [1, '1'],
      [2, '2'],
      [3, '3'],
    ]);
    expect(page.rows).toEqual([[1], [2]]);
    expect(page.truncated).toBe(true);
    expect(page.nextCursor).toBe(encodeCursor(c.fingerprint, ['2']));
    expect(toPage(c, [[1, '1']])).toEqual({ rows: [[1]], truncated: false, nextCursor: null, nextOffset: null });
  });

  it.each([
    ['not base64url', 'x=y', 'cursor: is not a valid cursor'],
    ['not JSON', Buffer.from('{').toString('base64url'), 'cursor: is not a valid cursor'],
    [
      'another sort',
      encodeCursor('00000000', ['1']),
      'cursor: belongs to another query (its $where, $q, filters, $having, $order or $group differ)',
    ],
  ])('refuses a cursor that is %s', (_, cursor, detail) => {
    expect(appErrorOf(() => duck({ $select: 'id', cursor })).detail).toBe(detail);
  });

  it('refuses the cursor of a filtered query on another filter, instead of paging the wrong rows', () => {
    const filtered = duck({ $select: 'id', $where: 'population > 10', $limit: '2' });
    const cursor = nextCursorFromRow(filtered, [2, '2']);
    expect(duck({ $select: 'id', $where: 'population > 10', cursor }).params).toContain('2');
    const others: Record<string, string>[] = [{}, { $where: 'population > 11' }, { district: 'x' }, { $q: 'x' }];
    for (const other of others) {
      expect(appErrorOf(() => duck({ $select: 'id', ...other, cursor })).detail).toMatch(
        /^cursor: belongs to another query/,
      );
    }
    // Unfiltered queries keep the cursors they had.
    const plain = duck({ $select: 'id', $limit: '2' });
    expect(duck({ $select: 'id', cursor: nextCursorFromRow(plain, [2, '2']) }).sql).toContain('"__key_0" >');
  });

  it('refuses a tampered value that does not fit the key type', () => {
    const c = duck({ $select: 'id' });
    const cursor = encodeCursor(c.fingerprint, ["1' OR 1=1"]);
    expect(appErrorOf(() => duck({ $select: 'id', cursor })).detail).toBe(
      'cursor: holds a value that does not fit the sort',
    );
  });

  it("refuses a forged value out of the key type's range (the engine would fail casting it back: a 500)", () => {
    const id = duck({ $select: 'id' }).fingerprint;
    const area = duck({ $select: 'area', $order: 'area' }).fingerprint;
    const updated = duck({ $select: 'updated_at', $order: 'updated_at' }).fingerprint;
    const refused = [
      [{ $select: 'id' }, id, '9999999999999999999999999999999999999999'], // 40 digits
      [{ $select: 'id' }, id, '999999999999999999999999999999999999999'], // 39 digits, beyond HUGEINT
      [{ $select: 'id' }, id, '170141183460469231731687303715884105728'], // HUGEINT max + 1
      [{ $select: 'id' }, id, '-170141183460469231731687303715884105729'], // HUGEINT min - 1
      [{ $select: 'area', $order: 'area' }, area, '1e400'],
      [{ $select: 'area', $order: 'area' }, area, '-1e400'],
      [{ $select: 'updated_at', $order: 'updated_at' }, updated, '2024-13-45 25:61:61'],
    ] as const;
    for (const [query, fingerprint, value] of refused) {
      const cursor = encodeCursor(fingerprint, [value, ...(query.$select === 'id' ? [] : ['1'])]);
      expect(
        appErrorOf(() => duck({ ...query, cursor })),
        value,
      ).toMatchObject({
        status: 400,
        detail: 'cursor: holds a value that does not fit the sort',
      });
    }
    // The extremes a key can hold are still pages.
    for (const value of ['170141183460469231731687303715884105727', '-170141183460469231731687303715884105728']) {
      expect(duck({ $select: 'id', cursor: encodeCursor(id, [value]) }).params).toContain(value);
    }
    for (const value of ['1.7976931348623157e+308', 'inf', '-inf', 'nan']) {
      expect(duck({ $select: 'area', $order: 'area', cursor: encodeCursor(area, [value, '1']) }).params).toContain(
        value,
      );
    }
  });

  it('refuses a cursor on a single-row aggregate', () => {
    expect(appErrorOf(() => duck({ $select: 'count(*)', cursor: 'abc' })).detail).toBe(
      'cursor: an aggregate without $group has a single row',
    );
  });
});
