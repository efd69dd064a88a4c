/**
 * Known credential formats, recognised anywhere in a string. Each format names a cheap
 * substring test (`hints`) that must pass before its pattern runs, and every pattern is
 * built so that it runs in linear time: a literal prefix, then bounded character classes
 * that cannot re-enter that prefix.
 */
export interface TokenFormat {
  /** What the credential is, as the message names it. */
  kind: string;
  /** Substrings one of which a string must contain before the pattern runs. */
  hints: readonly string[];
  pattern: RegExp;
  /** A further check on the match, for formats that a pattern alone over-matches. */
  accept?: (match: string) => boolean;
}

/** The part of a JWT between the first and second dot, decoded, when it is a JSON object. */
function jwtPayload(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const payload: unknown = JSON.parse(json);
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The sample token of jwt.io and of most tutorials: documentation, not a credential. */
function isSampleJwtPayload(payload: Record<string, unknown>): boolean {
  return payload.sub === '1234567890' || payload.name === 'John Doe';
}

/** A JWT whose payload decodes to a real claim set. */
function isRealJwt(token: string): boolean {
  const payload = jwtPayload(token);
  return payload !== null && Object.keys(payload).length > 0 && !isSampleJwtPayload(payload);
}

/** Base32 (A-Z, 2-7) ids that are all one run of the same character are not keys. */
function hasVariety(token: string): boolean {
  return new Set(token).size >= 8;
}

export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    kind: 'AWS access key id',
    hints: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z\d])[A-Z\d]{16}(?![A-Z\d])/,
    accept: hasVariety,
  },
  { kind: 'GitHub token', hints: ['ghp_', 'gho_', 'ghs_', 'ghu_', 'ghr_'], pattern: /\bgh[oprsu]_[A-Za-z\d]{36}(?![A-Za-z\d])/ },
  { kind: 'GitHub fine-grained token', hints: ['github_pat_'], pattern: /\bgithub_pat_\w{82}\b/ },
  { kind: 'GitLab token', hints: ['glpat-', 'gldt-', 'glrt-'], pattern: /\bgl(?:pat|dt|rt)-[\w-]{20}(?![\w-])/ },
  { kind: 'Slack token', hints: ['xox'], pattern: /\bxox[abeoprs]-(?:\d{6,16}-){1,3}[A-Za-z\d-]{10,64}/ },
  {
    kind: 'Slack webhook URL',
    hints: ['hooks.slack.com'],
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Z\d]{6,16}\/[A-Z\d]{6,16}\/[A-Za-z\d]{16,48}/,
  },
  { kind: 'Stripe secret key', hints: ['_live_', 'rk_test_'], pattern: /\b(?:[rs]k_live|rk_test)_[A-Za-z\d]{20,247}/ },
  { kind: 'Google API key', hints: ['AIza'], pattern: /\bAIza[\w-]{35}(?![\w-])/ },
  { kind: 'SendGrid API key', hints: ['SG.'], pattern: /\bSG\.[\w-]{22}\.[\w-]{43}(?![\w-])/ },
  { kind: 'Twilio API key', hints: ['SK'], pattern: /\bSK[\da-f]{32}(?![\da-z])/ },
  { kind: 'Mailgun API key', hints: ['key-'], pattern: /\bkey-[\da-f]{32}(?![\da-z])/ },
  { kind: 'npm token', hints: ['npm_'], pattern: /\bnpm_[A-Za-z\d]{36}(?![A-Za-z\d])/ },
  { kind: 'Anthropic API key', hints: ['sk-ant-'], pattern: /\bsk-ant-(?:api|admin)\d\d-[\w-]{80,120}/ },
  {
    kind: 'OpenAI API key',
    hints: ['sk-'],
    pattern: /\bsk-(?:(?:proj|svcacct|admin)-[\w-]{40,200}|[A-Za-z\d]{20}T3BlbkFJ[A-Za-z\d]{20}|[A-Za-z\d]{48}(?![\w-]))/,
  },
  {
    kind: 'private key',
    hints: ['PRIVATE KEY'],
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\s|\\n){0,8}[A-Za-z\d+/=]{32}/,
  },
  { kind: 'JWT', hints: ['.eyJ'], pattern: /\beyJ[\w-]{8,256}\.eyJ[\w-]{8,4096}\.[\w-]{0,1024}/, accept: isRealJwt },
];

/** Strings shorter than every format cannot hold one. */
export const SHORTEST_TOKEN = 20;

/**
 * Every hint of every format in one pattern: one scan of a string says whether any format can
 * match, where testing each format's hints took some forty scans of every long string in a file.
 */
const ANY_HINT = new RegExp(
  TOKEN_FORMATS.flatMap((format) => format.hints)
    .map((hint) => hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
);

/** Whether `text` holds a hint of some format: only such a text can hold one. */
export function mayHoldTokenFormat(text: string): boolean {
  return text.length >= SHORTEST_TOKEN && ANY_HINT.test(text);
}

/** The first known credential format found in `text`, if any. */
export function findTokenFormat(text: string): TokenFormat | null {
  if (!mayHoldTokenFormat(text)) return null;
  for (const format of TOKEN_FORMATS) {
    if (!format.hints.some((hint) => text.includes(hint))) continue;
    const match = format.pattern.exec(text);
    if (match && (!format.accept || format.accept(match[0]))) return format;
  }
  return null;
}
