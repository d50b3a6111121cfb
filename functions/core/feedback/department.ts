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
    errors: [
      {
        where,
        message: `"${id}" is not a registered department`,
        hint: near ? `did you mean "${near}"?` : `one of: ${known.join(', ')}`,
      },
    ],
    extensions: { departments: known, ...(near ? { closest: near } : {}) },
  });
}
