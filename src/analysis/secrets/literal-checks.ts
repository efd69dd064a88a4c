/**
 * What a value under a secret name looks like: a key ring or a list, a random credential or words
 * a person chose.
 */
import { looksRandom } from './entropy';
import { wordsOf } from '../engine/words';
import { isNonSecretShape, isPlaceholder } from './placeholders';

/** Key rings hold the current key and a few previous ones; longer lists are blocklists or fixtures. */
const MAX_KEY_RING_LENGTH = 4;
/** `Bearer abc…`: the scheme of an Authorization value is not part of the secret. */
const AUTH_SCHEMES = ['Bearer ', 'Basic ', 'Token ', 'bearer ', 'basic ', 'token '];

/**
 * An array under a secret name is a key ring (`secrets: [current, previous]`) only when short and
 * plural-named; `badPasswords = ['123456', …]` is a blocklist.
 */
export function isKeyRing(name: string, length: number): boolean {
  const last = wordsOf(name).pop();
  return length <= MAX_KEY_RING_LENGTH && (last === 'secrets' || last === 'keys');
}

/** A credential-shaped value under a weak name (`token`, `authorization`): random-looking, scheme removed. */
export function isRandomCredential(value: string, threshold: number): boolean {
  const scheme = AUTH_SCHEMES.find((prefix) => value.startsWith(prefix));
  const credential = scheme ? value.slice(scheme.length) : value;
  return (
    looksRandom(credential, threshold) &&
    !isPlaceholder(credential) &&
    !isNonSecretShape(credential) &&
    !isMadeOfWords(credential)
  );
}

/**
 * `'?NonExpressionParenEnd'`, `'overEvery'`: capitalised words run together, no digits. Generated
 * keys mix cases in short runs (`aZ8kQ…`), so every part being a word of three letters or more
 * says a person named it.
 */
export function isMadeOfWords(value: string): boolean {
  if (/\d/.test(value)) return false;
  const parts = value.split(/[^A-Za-z]+|(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])/).filter((part) => part !== '');
  return parts.length > 0 && parts.every(isWordPart);
}

/**
 * Two-letter words that join longer ones in names (`InterpolationInTemplate`, `NoLineBreak`).
 * A fixed list, so that two random letters (`qwErTy…`) still do not pass for a word.
 */
const SHORT_WORDS = new Set(['an', 'as', 'at', 'by', 'do', 'go', 'id', 'if', 'in', 'is', 'it', 'no', 'of', 'on', 'or', 'to', 'up']);

function isWordPart(part: string): boolean {
  if (part.length === 2) return SHORT_WORDS.has(part.toLowerCase());
  return part.length >= 3 && /^[A-Z]?[a-z]+$|^[A-Z]+$/.test(part);
}
