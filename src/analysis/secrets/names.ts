/**
 * Names that say a value is a credential: `secret`, `dbPassword`, `API_KEY`, `client_secret`.
 * A name is split into words (camelCase, snake_case, SCREAMING_CASE, kebab-case) and judged
 * by its last word, so `passwordField`, `tokenHeader` and `secretName` are not credentials.
 */

/** How sure a name makes us: `strong` names hold a secret whatever it looks like. */
export type NameStrength = 'strong' | 'weak';

export interface SecretName {
  /** What the value is, as the message names it ("password", "API key"). */
  readonly kind: string;
  /** `weak` names (`token`, `auth`, `credentials`) also need a random-looking value. */
  readonly strength: NameStrength;
}

/** Last words that make a name a credential on their own. */
const STRONG_LAST_WORDS: Readonly<Record<string, string>> = {
  secret: 'secret',
  secrets: 'secret',
  password: 'password',
  passwords: 'password',
  passwd: 'password',
  pwd: 'password',
  pass: 'password',
  passphrase: 'passphrase',
  apikey: 'API key',
  apikeys: 'API key',
};

/** Last words that name a credential only when the value also looks random. */
const WEAK_LAST_WORDS: Readonly<Record<string, string>> = {
  token: 'token',
  tokens: 'token',
  auth: 'credential',
  authorization: 'credential',
  credential: 'credential',
  credentials: 'credential',
};

/** Qualifiers that make `...Key` a secret key. */
const KEY_QUALIFIERS: Readonly<Record<string, string>> = {
  api: 'API key',
  access: 'access key',
  private: 'private key',
  secret: 'secret key',
  signing: 'signing key',
  encryption: 'encryption key',
  encrypt: 'encryption key',
  master: 'master key',
  hmac: 'HMAC key',
  jwt: 'JWT key',
  cipher: 'cipher key',
  crypto: 'encryption key',
  app: 'application key',
  session: 'session key',
  cookie: 'cookie key',
  license: 'license key',
  auth: 'authentication key',
  server: 'server key',
  subscription: 'subscription key',
};

/** `...Token` names that are not credentials: paging cursors, CSRF values, lexer tokens. */
const NON_CREDENTIAL_TOKEN_QUALIFIERS = new Set([
  'csrf',
  'xsrf',
  'page',
  'next',
  'prev',
  'previous',
  'cancel',
  'cancellation',
  'continuation',
  'cursor',
  'sync',
  'pagination',
  'lexer',
  'parser',
  'syntax',
  'design',
  'color',
  'css',
  'theme',
  'max',
  'min',
  'input',
  'output',
  'completion',
  'prompt',
]);

/** A table lookup that sees only the table's own keys: `constructor` or `toString` is not a word of ours. */
function own(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Any UTF-16 code unit outside ASCII. */
const NON_ASCII = /[\u0080-\uFFFF]/;

/** Splits an identifier, property key or environment variable name into lower-case words. */
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
      if (isAsciiLower(previous) || (isAsciiUpper(previous) && nextIsLower)) {
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
    const nextIsLower = next !== '' && next !== next.toUpperCase();
    // `apiKey` -> api|Key; `APIKey` -> API|Key; `OAuth2Token` -> O|Auth2|Token is rare enough to ignore.
    if (isUpper && (previousIsLower || (previousIsUpper && nextIsLower))) flush();
    current += character;
  });
  flush();
  return words;
}

/** Names repeat across a file and a project (`type`, `message`, `id`); each is judged once. */
const judgedNames = new Map<string, SecretName | null>();
const MAX_JUDGED_NAMES = 10_000;

/** What a name says about its value: a credential kind, or null when it names something else. */
export function secretNameOf(name: string): SecretName | null {
  const known = judgedNames.get(name);
  if (known !== undefined) return known;
  const judged = judgeName(name);
  // A bound, so that a long editor session over many projects cannot grow the table without end.
  if (judgedNames.size >= MAX_JUDGED_NAMES) judgedNames.clear();
  judgedNames.set(name, judged);
  return judged;
}

function judgeName(name: string): SecretName | null {
  // `PWD` in capitals is the shell's working directory, not a password.
  if (name === 'PWD') return null;
  const words = wordsOf(name);
  const last = words[words.length - 1];
  if (last === undefined) return null;
  const previous = words[words.length - 2];
  const joinedTail = (previous ?? '') + last;
  if (previous === 'public') return null;
  if (joinedTail === 'secretaccesskey' || (words.length >= 3 && words.slice(-3).join('') === 'secretaccesskey')) {
    return { kind: 'AWS secret access key', strength: 'strong' };
  }
  if (joinedTail === 'apikey' || joinedTail === 'apikeys') return { kind: 'API key', strength: 'strong' };
  // `allPass`, `anyPass` (predicate combinators): `pass` after another word needs a random value.
  if (last === 'pass' && previous !== undefined) return { kind: 'password', strength: 'weak' };
  const strong = own(STRONG_LAST_WORDS, last);
  if (strong) return { kind: previous === 'client' ? 'client secret' : strong, strength: 'strong' };
  if ((last === 'key' || last === 'keys') && previous !== undefined) {
    const kind = own(KEY_QUALIFIERS, previous);
    return kind ? { kind, strength: 'strong' } : null;
  }
  const weak = own(WEAK_LAST_WORDS, last);
  if (!weak) return null;
  if (previous !== undefined && NON_CREDENTIAL_TOKEN_QUALIFIERS.has(previous)) return null;
  return { kind: weak, strength: 'weak' };
}

/** The SCREAMING_CASE form of a name, for a suggested environment variable: `dbPassword` -> `DB_PASSWORD`. */
export function environmentNameOf(name: string): string {
  return wordsOf(name)
    .map((word) => word.toUpperCase())
    .join('_');
}
