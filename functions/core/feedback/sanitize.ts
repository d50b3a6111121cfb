/**
 * Cleans user-submitted text before it is stored: HTML tags and comments removed (the text is shown
 * as text, never as markup, but stripping keeps stored data and feeds clean), control characters
 * dropped, whitespace runs collapsed (newlines kept, at most two in a row), Unicode normalised (NFC).
 */
export function cleanText(input: string): string {
  return (
    input
      .normalize('NFC')
      .replace(/<!--[\s\S]*?(-->|$)/g, '')
      .replace(/<\/?[a-zA-Z][^>]*(>|$)/g, '')
      .replace(/[<>]/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t]+/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
