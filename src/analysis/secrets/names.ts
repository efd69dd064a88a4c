/**
 * Names that say a value is a credential: `secret`, `dbPassword`, `API_KEY`, `client_secret`.
 * A name is split into words (camelCase, snake_case, SCREAMING_CASE, kebab-case) and judged
 * by its last word, so `passwordField`, `tokenHeader` and `secretName` are not credentials.
 */
import { wordsOf } from '../engine/words';

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
