/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
  const length = [...text].length;
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** How many of lower case, upper case and digits a string mixes: random keys mix at least two. */
export function characterClassCount(text: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  for (const character of text) {
    if (character >= 'a' && character <= 'z') lower = 1;
    else if (character >= 'A' && character <= 'Z') upper = 1;
    else if (character >= '0' && character <= '9') digit = 1;
  }
  return lower + upper + digit;
}

export const DEFAULT_ENTROPY_THRESHOLD = 3.5;
/** Shorter strings never reach a meaningful entropy. */
export const MIN_ENTROPY_LENGTH = 16;

/** A string that looks randomly generated: long enough, mixed, and over the entropy threshold. */
export function looksRandom(text: string, threshold: number): boolean {
  return text.length >= MIN_ENTROPY_LENGTH && characterClassCount(text) >= 2 && shannonEntropy(text) >= threshold;
}
