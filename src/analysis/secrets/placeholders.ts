import { wordsOf } from '../engine/words';

/** Words that mark a value as a stand-in for the real secret. */
const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'change',
  'todo',
  'fixme',
  'tbd',
  'example',
  'examples',
  'dummy',
  'test',
  'tests',
  'testing',
  'sample',
  'placeholder',
  'fake',
  'mock',
  'redacted',
  'your',
  'yours',
  'replace',
  'insert',
  'xxx',
  'xxxx',
  'notasecret',
  'none',
  'null',
  'undefined',
]);

const MARKER_SUBSTRINGS = ['example', 'changeme', 'placeholder', 'redacted', 'your_', 'your-'];

/** Single words that are field or header names, not values: `type: 'password'`. */
const NAME_LIKE_VALUES = new Set([
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'token',
  'apikey',
  'key',
  'auth',
  'authorization',
  'bearer',
  'basic',
  'credentials',
  'include',
  'omit',
  'sameorigin',
  'hidden',
  'text',
  'string',
]);

/** Runs of one masking character: `xxxxxxxx`, `********`, `........`. */
function hasMaskRun(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    const character = value[i]!;
    run = character === value[i - 1] ? run + 1 : 1;
    if (run >= 4 && 'xX*.#'.includes(character)) return true;
    if (run >= 3 && character === '*') return true;
  }
  return false;
}

/** `<api-key>`, `{{token}}`, `${SECRET}`, `%s`, `[password]`: a slot for the real value. */
function isTemplateSlot(value: string): boolean {
  const first = value[0];
  const last = value[value.length - 1];
  if ((first === '<' && last === '>') || (first === '[' && last === ']')) return true;
  if (value.startsWith('{{') && value.endsWith('}}')) return true;
  if (value.startsWith('${') && value.endsWith('}')) return true;
  return value === '%s' || value.startsWith('$(');
}

/** A slot left for the real value (`''`, `<your-key>`, `${SECRET}`, `xxxx`): nothing the app could run with. */
export function isPlaceholderSlot(value: string): boolean {
  const trimmed = value.trim();
  return trimmed === '' || isTemplateSlot(trimmed) || hasMaskRun(trimmed);
}

/**
 * A value that says to the reader it is to be replaced: a slot, a mask, or a marker word
 * (`changeme`, `your-key`, `TODO`, `example`, `dummy`).
 */
export function isMarkedPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (isPlaceholderSlot(trimmed)) return true;
  const lower = trimmed.toLowerCase();
  // Long marker words that never occur in a random key by chance, even inside one word: `AKIAIOSFODNN7EXAMPLE`.
  if (MARKER_SUBSTRINGS.some((marker) => lower.includes(marker))) return true;
  const words = wordsOf(trimmed);
  if (words.some((word) => PLACEHOLDER_WORDS.has(word))) return true;
  // `change-me`, `replace_me`
  const joined = words.join('');
  return joined.startsWith('changeme') || joined.endsWith('changeme');
}

/**
 * A stand-in for a secret (`changeme`, `<your-key>`, `xxxx`, `TODO`, `secret-key-here`), not a
 * real one. The `…here` ending alone names a place to fill in, not a reader: configuration ships
 * such a value as it is, so only `isMarkedPlaceholder` clears a value there.
 */
export function isPlaceholder(value: string): boolean {
  return isMarkedPlaceholder(value) || wordsOf(value.trim()).join('').endsWith('here');
}

/** Lower-case words up to this length under a secret name are enum values (`'private'`, `'core'`). */
const MAX_ENUM_WORD_LENGTH = 8;
const MAX_LABEL_WORD_LENGTH = 12;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const ENV_NAME = /^[A-Z][A-Z\d]*(?:_[A-Z\d]+)+$/;
const DOTTED_KEY = /^[a-z][\w-]*(?:[.:][a-z][\w-]*)+$/i;
const HEADER_NAME = /^x-[a-z\d-]+$/i;
const FILE_REFERENCE = /\.(?:pem|key|crt|cer|der|json|txt|env|p12|pfx|jks|ya?ml|js|ts)$/i;
const PASSWORD_HASH = /^\$(?:2[abxy]?|argon2(?:id|i|d)|scrypt|pbkdf2[\w-]*|[156])\$/;

/** A value that is a field, header or option name (`'password'`, `'Bearer'`), not a credential. */
export function isNameLikeValue(value: string): boolean {
  return NAME_LIKE_VALUES.has(wordsOf(value).join(''));
}

/**
 * A short single word, as object properties hold for enums, groups and translations
 * (`password: 'private'`, `admin_secret: 'core'`, `password: 'Passwort'`), not a credential.
 */
export function isLabelOrEnumWord(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length <= MAX_ENUM_WORD_LENGTH && /^[a-z]+$/.test(trimmed)) return true;
  return isCapitalisedLabel(trimmed);
}

/** One capitalised word (`'Passwort'`, `'Secreto'`), as translations hold: a label even in configuration. */
export function isCapitalisedLabel(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length <= MAX_LABEL_WORD_LENGTH && /^\p{Lu}\p{Ll}+$/u.test(trimmed);
}

/** `-----BEGIN PUBLIC KEY-----`, certificates and SSH public keys are meant to be shared. */
export function isPublicKey(value: string): boolean {
  return (
    value.includes('-----BEGIN PUBLIC KEY') ||
    value.includes('-----BEGIN RSA PUBLIC KEY') ||
    value.includes('-----BEGIN CERTIFICATE') ||
    value.startsWith('ssh-rsa ') ||
    value.startsWith('ssh-ed25519 ') ||
    value.startsWith('pk_live_') ||
    value.startsWith('pk_test_')
  );
}

/**
 * A value that a secret-named binding holds without holding a secret: a message, an i18n key,
 * a header or field name, an environment variable name, a path, a URL, a UUID, a password hash.
 */
export function isNonSecretShape(value: string, nameWords: readonly string[] = []): boolean {
  const trimmed = value.trim();
  if (/\s/.test(trimmed)) return true;
  if (trimmed.includes('://') || trimmed.startsWith('/') || trimmed.startsWith('./') || trimmed.startsWith('../')) return true;
  if (UUID.test(trimmed) || ENV_NAME.test(trimmed) || DOTTED_KEY.test(trimmed) || HEADER_NAME.test(trimmed)) return true;
  if (FILE_REFERENCE.test(trimmed) || PASSWORD_HASH.test(trimmed) || isPublicKey(trimmed)) return true;
  if (isNameLikeValue(trimmed) || wordsOf(trimmed).join('') === nameWords.join('')) return true;
  // `+password`, `-password` (mongoose select), `:token` (route parameters)
  return /^[+\-:@][a-z]+$/i.test(trimmed);
}
