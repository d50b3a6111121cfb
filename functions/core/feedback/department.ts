import { badRequest } from '../errors.ts';
import { closestName } from '../query/closest-name.ts';

/**
 * A department named in a data request must be a registered publisher: an unknown id would leave the
 * request with no one able to take it (only admins could) and the site would show the raw id.
 */
export function requireKnownDepartment(id: string, known: readonly string[], where = 'body.department'): void {
  if (known.includes(id)) return;
  const near = closestName(id, known);
  throw badRequest({
    detail: `no department "${id}"`,
    hint: near
      ? `did you mean "${near}"? Or leave department out: a department can take the request over`
      : 'leave department out (a department can take the request over) or use one of the ids listed',
    zh: {
      detail: `没有部门“${id}”`,
      hint: near
        ? `您是不是要找“${near}”？也可以不填 department：部门可以接手这条需求`
        : '可以不填 department（部门可以接手这条需求），或使用列出的部门 id 之一',
    },
    errors: [
      {
        where,
        message: `"${id}" is not a registered department`,
        hint: near ? `did you mean "${near}"?` : `one of: ${known.join(', ')}`,
        zh: {
          message: `“${id}”不是已登记的部门`,
          hint: near ? `您是不是要找“${near}”？` : `可选：${known.join(', ')}`,
        },
      },
    ],
    extensions: { departments: known, ...(near ? { closest: near } : {}) },
  });
}
