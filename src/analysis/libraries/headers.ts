import type { TSESTree } from '@typescript-eslint/utils';
import type { FileIndex } from '../engine/file-index';

/**
 * What the security-header modules provide, as data: the modules whose middleware sets the
 * headers, helmet's options that switch a protection off, the Content-Security-Policy directives
 * that say where scripts come from, and the response headers that are a defense.
 */

/** Modules whose middleware sets security headers. */
export const HEADER_MODULES: ReadonlySet<string> = new Set(['helmet', 'lusca']);

/** helmet options that switch a protection off when set to `false`, and what they protect. */
export const PROTECTIONS: Readonly<Record<string, string>> = {
  contentSecurityPolicy: 'the Content-Security-Policy header',
  frameguard: 'clickjacking protection (X-Frame-Options)',
  xFrameOptions: 'clickjacking protection (X-Frame-Options)',
  hsts: 'HTTP Strict Transport Security',
  strictTransportSecurity: 'HTTP Strict Transport Security',
  noSniff: 'MIME-sniffing protection (X-Content-Type-Options)',
  xContentTypeOptions: 'MIME-sniffing protection (X-Content-Type-Options)',
};

/** Content-Security-Policy directives, as helmet spells them, that say where scripts may come from. */
export const SCRIPT_DIRECTIVES = ['scriptSrc', 'script-src', 'scriptSrcElem', 'script-src-elem'];
/** The directive scripts fall back to when no script directive is given. */
export const DEFAULT_DIRECTIVES = ['defaultSrc', 'default-src'];
/** Script sources that let any injected script run. */
export const UNSAFE_SOURCES: ReadonlySet<string> = new Set(["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:']);

/** Response headers that are a defense (helmet's set and their older names), lower case. */
export const SECURITY_HEADERS: ReadonlySet<string> = new Set([
  'content-security-policy',
  'content-security-policy-report-only',
  'x-content-security-policy',
  'x-webkit-csp',
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'x-xss-protection',
  'referrer-policy',
  'permissions-policy',
  'feature-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'x-permitted-cross-domain-policies',
  'x-download-options',
  'x-dns-prefetch-control',
]);

/** `helmet(...)`, `helmet.hsts(...)`: a call of helmet or of one of its exports. */
export function isHelmetCall(call: TSESTree.CallExpression | TSESTree.NewExpression, index: FileIndex): boolean {
  return index.originOf(call.callee)?.module === 'helmet';
}
