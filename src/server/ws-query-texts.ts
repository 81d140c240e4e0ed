/**
 * One copy of each query text that subscribe messages bring. graphql-ws keeps an
 * operation's parsed message, query text included, for as long as the operation runs,
 * and each message is parsed into a copy of its own: ten thousand subscribers of the
 * same query held ten thousand copies of its text (700 bytes each for the console's
 * sessionEvents). Texts are kept first in, first out, and only short ones, so the map
 * stays bounded (MAX_TEXTS x MAX_LENGTH) whatever clients send; any other text is kept
 * as it came, as before.
 */
const MAX_TEXTS = 256;
const MAX_LENGTH = 8 * 1024;

export function createQueryTexts() {
  const texts = new Map<string, string>();
  return {
    /** The copy kept of `text` (an equal string), or `text` itself. */
    shared(text: string): string {
      if (typeof text !== 'string' || text.length > MAX_LENGTH) return text;
      const kept = texts.get(text);
      if (kept !== undefined) return kept;
      if (texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value!);
      texts.set(text, text);
      return text;
    },
  };
}
