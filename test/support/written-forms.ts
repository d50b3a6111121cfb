/** Mobile numbers as people write them in free text (grouped, with a country code, full-width): each one hit. */
export const MOBILE_WRITTEN_FORMS = [
  '电话138-1234-5678',
  '电话 138 1234 5678',
  '+86-138-1234-5678',
  '+86 138 1234 5678',
  '(+86)13812345678',
  'TEL:008613812345678',
  '１３８１２３４５６７８',
  '８６１３８１２３４５６７８ 全角',
  '电话138　1234　5678', // ideographic spaces
  '手机 138\u200B1234\u200B5678', // zero-width spaces, as pasted from a web page
  '138–1234–5678', // en dashes, as a word processor corrects them
  '138.1234.5678',
  '138-12345678',
  // Separators mixed, doubled or padded, tabs and colons, the first group in brackets like an area code.
  '电话 138 0013-8000',
  'mobile 139.1234 5678',
  '138 - 0013 - 8000',
  '(138) 0013 8000',
  '手机（138）0013 8000',
  '138\t0013\t8000',
  '138:0013:8000',
] as const;
