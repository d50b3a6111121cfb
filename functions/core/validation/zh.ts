import { FIELD_TYPE_LABELS, type FieldType, GRADE_LABELS, type Grade } from '../manifest/vocabulary.ts';
import type { ZhText } from './report.ts';

/**
 * The words the Chinese messages of a validation report share, so that every check names a field, a
 * type or a grade the same way (字段“年龄”, 整数, 敏感), as the site does.
 */

/** 字段“年龄”. */
export const zhField = (name: string): string => `字段“${name}”`;

/** A field type in Chinese words (整数, 日期时间), as the site's dataset page names it. */
export const zhType = (type: FieldType): string => FIELD_TYPE_LABELS[type]['zh-CN'];

/** A grade in Chinese words (公开, 内部, 敏感, 核心). */
export const zhGrade = (grade: Grade): string => GRADE_LABELS[grade]['zh-CN'];

/** An issue's Chinese message and hint. */
export const zh = (message: string, hint: string): ZhText => ({ message, hint });
