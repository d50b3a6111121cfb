/** Full-width characters (Chinese, full-width punctuation) take two columns of a terminal. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** The columns a text takes in a terminal, so the columns of a table with Chinese in it line up. */
export const columns = (text: string): number => [...text].reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);

/** `text` padded with spaces to `width` terminal columns (padEnd counting a Chinese character as two). */
export const padColumns = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - columns(text)));
