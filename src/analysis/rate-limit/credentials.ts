import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { calleeName, literalString, propertyName, unwrap, walk } from '../engine/ast';
import type { Route, RouteMethod } from '../express/model';
import type { FileIndex } from '../engine/file-index';
import { wordsOf } from '../engine/words';
import { CRYPTO_MODULES, HASH_CHECK_METHODS, OTP_CHECK_METHODS, OTP_MODULES, PASSWORD_HASH_MODULES } from '../libraries/credentials';

/**
 * Words of a route path that say it takes credentials or starts account recovery. Matched
 * against whole words of a segment (`/forgot-password`, `/signIn`), singular or plural, so
 * `/authors` or `/tokenizer` are not sensitive.
 */
const SENSITIVE_WORDS = new Set([
  'login',
  'signin',
  'logon',
  'signup',
  'register',
  'registration',
  'password',
  'passwd',
  'pwd',
  'pw',
  'forgot',
  'reset',
  'otp',
  '2fa',
  'mfa',
  'totp',
  'verify',
  'token',
  'session',
  'auth',
  'authenticate',
]);

/**
 * Words that a path written as one word (`/forgotpw`, `/pwreset`, `/verifyotp`, `/adminlogin`)
 * joins to a sensitive word. A one-word segment is sensitive only when it splits wholly into
 * these and the sensitive words, so `/passage`, `/compass` or `/tokenizer` never are.
 */
const COMPOUND_WORDS = new Set([
  ...SENSITIVE_WORDS,
  'pass',
  'passcode',
  'pword',
  'log',
  'sign',
  'in',
  'on',
  'up',
  'change',
  'lost',
  'new',
  'recover',
  'recovery',
  'request',
  'send',
  'confirm',
  'check',
  'submit',
  'code',
  'user',
  'admin',
  'account',
  'email',
  'phone',
  'sms',
  'my',
  'local',
]);
/** Compound parts that name a password, which `/forgotpass` means though `pass` alone does not. */
const PASSWORD_PARTS = new Set(['pass', 'passcode', 'pword']);
/** Longer one-word segments are not compounds of a few words. */
const MAX_COMPOUND_LENGTH = 32;

/** Words that make a path something else: a logout, or a payment or chat session (`/create-checkout-session`). */
const NON_CREDENTIAL_WORDS = new Set(['logout', 'signout', 'logoff', 'checkout', 'payment', 'payments', 'billing', 'portal', 'stripe', 'chat']);
const NON_CREDENTIAL_PAIRS = new Set(['log out', 'sign out', 'log off']);

/** Two-word spellings split by the word splitter: `sign-in`, `log_in`, `sign-up`, `log-on`. */
const SENSITIVE_PAIRS = new Set(['sign in', 'log in', 'sign up', 'log on']);

/** Methods that submit credentials or start recovery; a `GET /tokens` listing or a logout `DELETE` does not. */
const SUBMITTING_METHODS: ReadonlySet<RouteMethod> = new Set(['post', 'put', 'patch', 'all']);

/** passport strategies that check a secret the client submits (not a token or an OAuth redirect). */
const CREDENTIAL_STRATEGY = /^(?:local|basic|digest|ldap|ldapauth|ad|activedirectory|totp|otp|2fa|mfa|webauthn|login|signin|signup|register)(?:[-_:.]|$)|local|password/i;

/** Functions and methods whose name says they check a password or one-time code. */
const CREDENTIAL_FUNCTION = /^(?:compare|verify|check|validate|match(?:es)?|is(?:Valid|Correct))_?(?:password|passwd|pass|pin|otp|totp|mfa|2fa)(?:hash)?$|^(?:password|passwords)(?:Match(?:es)?|Valid|Correct)$/i;

function withoutPlural(word: string): string {
  return word.endsWith('s') && word.length > 3 ? word.slice(0, -1) : word;
}

function isSensitiveWord(word: string): boolean {
  return SENSITIVE_WORDS.has(word) || (word.endsWith('s') && SENSITIVE_WORDS.has(word.slice(0, -1)));
}

/**
 * The parts of a word written without separators (`forgotpw` -> forgot|pw), each a compound
 * word, or null when it does not split wholly into them. Dynamic programming over the word's
 * prefixes: linear in its length times the longest part, and segments are short.
 */
function compoundParts(word: string): string[] | null {
  if (word.length > MAX_COMPOUND_LENGTH) return null;
  const splits: (string[] | null)[] = [[]];
  for (let end = 1; end <= word.length; end++) {
    splits[end] = null;
    for (let start = Math.max(0, end - 14); start < end && !splits[end]; start++) {
      const before = splits[start];
      if (before && COMPOUND_WORDS.has(word.slice(start, end))) splits[end] = [...before, word.slice(start, end)];
    }
  }
  return splits[word.length] ?? null;
}

/** `forgotpw`, `pwreset`, `forgotpasswords`, `verifyotp`: sensitive words joined into one. */
function isSensitiveCompound(word: string): boolean {
  const parts = compoundParts(withoutPlural(word)) ?? compoundParts(word);
  if (!parts || parts.length < 2) return false;
  const pairs = parts.slice(1).map((part, i) => `${parts[i]} ${part}`);
  if (pairs.some((pair) => NON_CREDENTIAL_PAIRS.has(pair))) return false;
  return parts.some((part) => SENSITIVE_WORDS.has(part) || PASSWORD_PARTS.has(part)) || pairs.some((pair) => SENSITIVE_PAIRS.has(pair));
}

/** Whether a route path names authentication or account recovery, by whole words of its segments. */
export function isSensitivePath(path: string | null): boolean {
  if (path === null) return false;
  const words = path
    .split('/')
    .filter((segment) => !segment.startsWith(':'))
    .flatMap((segment) => wordsOf(segment));
  const pairs = words.slice(1).map((word, i) => `${words[i]} ${word}`);
  if (words.some((word) => NON_CREDENTIAL_WORDS.has(word)) || pairs.some((pair) => NON_CREDENTIAL_PAIRS.has(pair))) return false;
  return (
    words.some((word) => isSensitiveWord(word) || isSensitiveCompound(word)) || pairs.some((pair) => SENSITIVE_PAIRS.has(pair))
  );
}

/** Whether a route with a sensitive path is one that submits credentials (`POST /login`, not `GET /tokens`). */
export function isSubmittingMethod(method: RouteMethod): boolean {
  return SUBMITTING_METHODS.has(method);
}

/** The strategy names of `passport.authenticate('local')` / `(['local', 'basic'])`. */
function strategyNames(argument: Node | undefined): string[] {
  if (!argument) return [];
  const inner = unwrap(argument);
  if (inner.type === AST_NODE_TYPES.ArrayExpression) {
    return inner.elements.map((element) => (element ? literalString(element) : null)).filter((name): name is string => name !== null);
  }
  const name = literalString(inner);
  return name === null ? [] : [name];
}

function isPassportAuthenticate(call: TSESTree.CallExpression, index: FileIndex): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'authenticate') return false;
  const origin = index.originOf(callee.object);
  if (origin) return origin.module === 'passport';
  const object = unwrap(callee.object);
  return object.type === AST_NODE_TYPES.Identifier && /passport/i.test(object.name);
}

/** `passport.authenticate('local')`: a middleware that checks a submitted username and password. */
export function isCredentialStrategyCall(node: Node, index: FileIndex): boolean {
  const inner = unwrap(node);
  if (inner.type !== AST_NODE_TYPES.CallExpression || !isPassportAuthenticate(inner, index)) return false;
  return strategyNames(inner.arguments[0]).some((name) => CREDENTIAL_STRATEGY.test(name));
}

/**
 * Whether a call checks a credential: `bcrypt.compare`, `argon2.verify`, `crypto.scrypt`,
 * a TOTP verify (`speakeasy.totp.verify`, `authenticator.check`), `user.comparePassword(...)`,
 * or `passport.authenticate('local', ...)(req, res, next)` called inside a handler.
 */
export function isCredentialCheckCall(call: TSESTree.CallExpression | TSESTree.NewExpression, index: FileIndex): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.CallExpression && isCredentialStrategyCall(callee, index)) return true;
  if (isCredentialStrategyCall(call, index)) return true;
  const name = calleeName(call);
  if (name === null) return false;
  const origin = index.originOf(callee);
  if (origin) {
    if (PASSWORD_HASH_MODULES.has(origin.module) && HASH_CHECK_METHODS.has(name)) return true;
    if (OTP_MODULES.has(origin.module) && OTP_CHECK_METHODS.has(name)) return true;
    if (CRYPTO_MODULES.has(origin.module) && /^scrypt(?:Sync)?$/.test(name)) return true;
  }
  return CREDENTIAL_FUNCTION.test(name);
}

/** The first credential check inside a function body (nested callbacks included), or null. */
export function credentialCheckIn(body: Node, index: FileIndex): TSESTree.CallExpression | null {
  let found: TSESTree.CallExpression | null = null;
  walk(body, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && isCredentialCheckCall(node, index)) {
      found = node;
      return false;
    }
    return undefined;
  });
  return found;
}

/** Whether the route's own middleware or its handler checks a submitted credential. */
function checksCredentials(route: Route, index: FileIndex): boolean {
  // Only the route's own middleware: a credential check applied app-wide does not make every route a login.
  for (const middleware of route.ownMiddleware) {
    if (isCredentialStrategyCall(middleware.node, index)) return true;
    if (middleware.fn && credentialCheckIn(middleware.fn.body, index)) return true;
  }
  return route.handler !== null && credentialCheckIn(route.handler.fn.body, index) !== null;
}

/**
 * Whether a route takes credentials or starts account recovery: it submits to a path that says
 * so (`POST /login`, `PUT /password/reset`), or it checks a submitted password or code.
 */
export function takesCredentials(route: Route, index: FileIndex): boolean {
  if (isSubmittingMethod(route.method) && isSensitivePath(route.fullPath ?? route.path)) return true;
  return checksCredentials(route, index);
}
