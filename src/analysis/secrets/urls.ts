import { isNameLikeValue, isPlaceholder } from './placeholders';

export interface UrlCredential {
  /** The URL scheme, e.g. `mongodb`, `postgres`, `https`. */
  scheme: string;
  password: string;
}

/** Characters that end the user-info part of a URL (`user:pass@`). */
const USERINFO_END = new Set(['/', '?', '#', ' ', '\n', '\t', '"', "'"]);

/**
 * The password written into a URL (`mongodb://user:pass@host`), when it is a real value and not
 * a placeholder or `${...}` slot. Parsed by hand: no regular expression over user text.
 */
export function urlPasswordOf(text: string): UrlCredential | null {
  const separator = text.indexOf('://');
  if (separator <= 0) return null;
  const at = text.indexOf('@', separator + 3);
  if (at < 0) return null;
  const userinfo = text.slice(separator + 3, at);
  for (const character of userinfo) if (USERINFO_END.has(character)) return null;
  const colon = userinfo.indexOf(':');
  if (colon < 0) return null;
  const password = userinfo.slice(colon + 1);
  const decoded = decodeSafely(password);
  // `user:password@`, `postgres:postgres@`: the documented shape of a URL, not a credential.
  if (decoded === '' || isPlaceholder(decoded) || isNameLikeValue(decoded) || decoded === userinfo.slice(0, colon)) return null;
  if (isDocumentationHost(hostAfter(text, at + 1))) return null;
  let start = separator;
  while (start > 0 && /[a-z\d+.-]/i.test(text[start - 1]!)) start--;
  return { scheme: text.slice(start, separator), password };
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
