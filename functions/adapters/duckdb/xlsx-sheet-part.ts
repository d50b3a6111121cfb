import { attribute, tags } from './xlsx-sheet-tags.ts';

/** The sheet the reader read: its name and its XML. */
export interface SheetPart {
  readonly name: string;
  readonly xml: string;
}

const WORKSHEET =
  /^(?:http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006|http:\/\/purl\.oclc\.org\/ooxml\/officeDocument)\/relationships\/worksheet$/;

/**
 * The sheet read-excel-file reads from the workbook it was given, looked up in `parts`, the checked parts
 * boundedWorkbook stored in that archive (by name, already inflated): the sheet named `sheet`, else the
 * first, found as the reader finds it (xl/workbook.xml names the sheet's relationship, and
 * xl/_rels/workbook.xml.rels the relationship's part). Null when it is not there, which the reader,
 * having read the sheet, has already ruled out.
 */
export function sheetPart(parts: Readonly<Record<string, Buffer>>, sheet: string | undefined): SheetPart | null {
  const text = (name: string) => (Object.hasOwn(parts, name) ? parts[name]?.toString('utf8') : undefined);
  const info = text('xl/workbook.xml');
  const rels = text('xl/_rels/workbook.xml.rels');
  if (info === undefined || rels === undefined) return null;
  let chosen: { name: string; id: string | undefined } | undefined;
  for (const tag of tags(info)) {
    if (tag.closing || tag.name !== 'sheet') continue;
    const name = unescapeXlsx(attribute(tag.attributes, 'name') ?? '');
    if (name === '' || (sheet !== undefined && name !== sheet)) continue;
    chosen = { name, id: attribute(tag.attributes, 'id') };
    break;
  }
  if (!chosen) return null;
  let target: string | undefined;
  for (const tag of tags(rels)) {
    if (tag.closing || tag.name !== 'Relationship') continue;
    if (attribute(tag.attributes, 'Id') !== chosen.id) continue;
    if (!WORKSHEET.test(attribute(tag.attributes, 'Type') ?? '')) continue;
    target = attribute(tag.attributes, 'Target');
  }
  if (target === undefined) return null;
  const xml = text(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  return xml === undefined ? null : { name: chosen.name, xml };
}

/** `_xHHHH_` escapes of an OOXML string (a sheet name), decoded as the reader does. */
const unescapeXlsx = (s: string): string =>
  s.includes('_x')
    ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : s;
