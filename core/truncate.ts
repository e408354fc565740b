/**
 * The first `maxChars` UTF-16 units of a text, never ending inside a
 * surrogate pair; the text itself when it is short enough.
 * @example truncateText('abcdef', 3) // 'abc'
 */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  const inPair = last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, inPair ? maxChars - 1 : maxChars);
}
