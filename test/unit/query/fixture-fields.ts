import type { PublishedField } from '../../../functions/core/catalog/schema.ts';

/** A small published schema with every kind of column the query language types. */
export const FIELDS: PublishedField[] = [
  { name: 'id', type: 'integer', grade: 'public' },
  { name: 'name', type: 'string', grade: 'public' },
  { name: 'district', type: 'string', grade: 'public' },
  { name: 'population', type: 'integer', grade: 'public' },
  { name: 'area', type: 'number', grade: 'public' },
  { name: 'open', type: 'boolean', grade: 'public' },
  { name: 'opened_on', type: 'date', grade: 'public' },
  { name: 'updated_at', type: 'datetime', grade: 'public' },
  { name: 'year', type: 'year', grade: 'public' },
  { name: '名称', type: 'string', grade: 'public' },
];

export const PRIMARY_KEY = ['id'];
