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
  let start = separator;
  while (start > 0 && /[a-z\d+.-]/i.test(text[start - 1]!)) start--;
  return { scheme: text.slice(start, separator), password };
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
