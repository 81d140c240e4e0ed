/** A new session's title: its first message, cut at a word boundary near 60 characters. */
export const TITLE_LENGTH = 60;

export function titleFromMessage(content: string): string {
  const text = content.replace(/\s+/g, ' ').trim();
  if (text.length <= TITLE_LENGTH) return text;
  const cut = text.slice(0, TITLE_LENGTH + 1);
  const lastSpace = cut.lastIndexOf(' ');
  // A single very long word has no boundary worth waiting for: cut it hard.
  const head =
    lastSpace >= TITLE_LENGTH / 2 ? cut.slice(0, lastSpace) : text.slice(0, TITLE_LENGTH);
  return `${head.trimEnd()}…`;
}
