/**
 * The words of a name: identifiers, property keys, environment variables, route path segments and
 * type names are all split here, so that every rule reads `resetPassword`, `API_KEY`, `v1Login`,
 * `verify2FA` and `AuthUser` the same way.
 *
 * A word ends before a capital that follows a lower-case letter (`reset|Password`), before the
 * last capital of a run when a lower-case letter follows (`API|Key`), before a capital that follows
 * a digit when a lower-case letter follows (`v1|Login`, `Auth0|User`, `OAuth2|Token`), and at
 * every character that is neither a letter nor a digit. A digit keeps the capitals after it
 * (`2FA`, `verify2FA`). Words come back in lower case.
 */

/** Any UTF-16 code unit outside ASCII. */
const NON_ASCII = /[\u0080-\uFFFF]/;

/** Splits a name into lower-case words (see the module comment for where a word ends). */
export function wordsOf(name: string): string[] {
  return NON_ASCII.test(name) ? unicodeWordsOf(name) : asciiWordsOf(name);
}

function isAsciiUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isAsciiLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * `wordsOf` for the names nearly every file has, with character codes instead of a regular
 * expression and case conversions per character: the secret rule asks it for every name a string
 * is stored under. It splits exactly as `unicodeWordsOf` does.
 */
export function asciiWordsOf(name: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let index = 0; index <= name.length; index++) {
    const code = index < name.length ? name.charCodeAt(index) : -1;
    const upper = isAsciiUpper(code);
    if (!upper && !isAsciiLower(code) && !isAsciiDigit(code)) {
      if (start >= 0) words.push(name.slice(start, index).toLowerCase());
      start = -1;
      continue;
    }
    if (start >= 0 && upper) {
      const previous = name.charCodeAt(index - 1);
      const nextIsLower = index + 1 < name.length && isAsciiLower(name.charCodeAt(index + 1));
      if (isAsciiLower(previous) || ((isAsciiUpper(previous) || isAsciiDigit(previous)) && nextIsLower)) {
        words.push(name.slice(start, index).toLowerCase());
        start = index;
      }
    }
    if (start < 0) start = index;
  }
  return words;
}

/** `wordsOf` for any script: letters and digits by Unicode class, case by case conversion. */
export function unicodeWordsOf(name: string): string[] {
  const words: string[] = [];
  let current = '';
  const flush = () => {
    if (current) words.push(current.toLowerCase());
    current = '';
  };
  const characters = [...name];
  characters.forEach((character, index) => {
    const isLetterOrDigit = /^[\p{L}\p{N}]$/u.test(character);
    if (!isLetterOrDigit) {
      flush();
      return;
    }
    const previous = characters[index - 1] ?? '';
    const next = characters[index + 1] ?? '';
    const isUpper = character !== character.toLowerCase();
    const previousIsLower = previous !== '' && previous !== previous.toUpperCase();
    const previousIsUpper = previous !== '' && previous !== previous.toLowerCase();
    const previousIsDigit = /^\p{N}$/u.test(previous);
    const nextIsLower = next !== '' && next !== next.toUpperCase();
    if (isUpper && (previousIsLower || ((previousIsUpper || previousIsDigit) && nextIsLower))) flush();
    current += character;
  });
  flush();
  return words;
}
