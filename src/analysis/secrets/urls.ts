import { isNameLikeValue, isPlaceholder } from './placeholders';

export interface UrlCredential {
  /** The URL scheme, e.g. `mongodb`, `postgres`, `https`. */
  scheme: string;
  password: string;
}

/** Characters that end the user-info part of a URL (`user:pass@`). */
const USERINFO_END = new Set(['/', '?', '#', ' ', '\n', '\t', '"', "'"]);

/** Schemes of database and broker clients: a password there opens the data, even one equal to the user name. */
const DATABASE_SCHEMES = new Set([
  'postgres',
  'postgresql',
  'mysql',
  'mysqlx',
  'mariadb',
  'mongodb',
  'mongodb+srv',
  'redis',
  'rediss',
  'mssql',
  'sqlserver',
  'oracle',
  'cockroachdb',
  'amqp',
  'amqps',
]);

/** The user-info of a URL, parsed by hand (no regular expression over user text), before any judgement. */
export interface UrlUserInfo extends UrlCredential {
  user: string;
  /** The password, percent-decoded where it can be. */
  decoded: string;
  host: string;
}

/** The `user:password` of the first URL in a text, or null when it has none. */
export function urlUserInfoOf(text: string): UrlUserInfo | null {
  const separator = text.indexOf('://');
  if (separator <= 0) return null;
  const at = text.indexOf('@', separator + 3);
  if (at < 0) return null;
  const userinfo = text.slice(separator + 3, at);
  for (const character of userinfo) if (USERINFO_END.has(character)) return null;
  const colon = userinfo.indexOf(':');
  if (colon < 0) return null;
  const password = userinfo.slice(colon + 1);
  let start = separator;
  while (start > 0 && /[a-z\d+.-]/i.test(text[start - 1]!)) start--;
  const scheme = text.slice(start, separator);
  return { scheme, password, user: userinfo.slice(0, colon), decoded: decodeSafely(password), host: hostAfter(text, at + 1) };
}

/** `user:password@`, `<password>`, `xxxx`: the password of a URL that shows the shape of one. */
export function isPlaceholderPassword(info: UrlUserInfo): boolean {
  return isPlaceholder(info.decoded) || isNameLikeValue(info.decoded);
}

/**
 * The password written into a URL (`mongodb://user:pass@host`), when it is a real value and not
 * a placeholder or `${...}` slot.
 */
export function urlPasswordOf(text: string): UrlCredential | null {
  const info = urlUserInfoOf(text);
  if (!info || info.decoded === '' || isPlaceholderPassword(info)) return null;
  // `user:user@` shows a URL's shape, except for a database, whose default accounts are just that (`postgres:postgres`).
  if (info.decoded === info.user && !DATABASE_SCHEMES.has(info.scheme.toLowerCase())) return null;
  if (isDocumentationHost(info.host)) return null;
  return { scheme: info.scheme, password: info.password };
}

/** Characters that end the host of a URL. */
const HOST_END = new Set([...USERINFO_END, ':', '`']);

/** The host of a URL whose user-info ends at `start - 1`, lower-cased. */
function hostAfter(text: string, start: number): string {
  let end = start;
  while (end < text.length && !HOST_END.has(text[end]!)) end++;
  return text.slice(start, end).toLowerCase();
}

/**
 * Names reserved for documentation (RFC 2606): `example.com`, `example.net`, `example.org` and
 * their subdomains, and the `.example` and `.invalid` top-level domains. No server answers there,
 * so a password in such a URL (`uri://foo:bar@example.com`) shows a URL's shape, it opens nothing.
 */
export function isDocumentationHost(host: string): boolean {
  return /(?:^|\.)(?:example\.(?:com|net|org)|example|invalid)\.?$/.test(host);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
