/** Values shorter than this show nothing at all: four characters would give too much away. */
const MIN_SHOWN_LENGTH = 12;
const SHOWN_CHARACTERS = 4;

/** A form of a secret safe to print: its first four characters, or nothing for short values. */
export function redact(value: string): string {
  const characters = [...value];
  if (characters.length < MIN_SHOWN_LENGTH) return '[redacted]';
  return `${characters.slice(0, SHOWN_CHARACTERS).join('')}…[redacted]`;
}
