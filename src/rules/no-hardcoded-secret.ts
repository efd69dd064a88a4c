import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import path from 'node:path';
import type { FileIndex } from '../analysis/engine/file-index';
import { getFileIndex } from '../analysis/engine/file-index';
import { isTestSource } from '../analysis/engine/test-files';
import { wordsOf } from '../analysis/engine/words';
import type { LiteralContext, SecretArgumentLiteral, SecretName, StringNode } from '../analysis/secrets';
import {
  acceptedCredentialKind,
  contextOf,
  DEFAULT_ENTROPY_THRESHOLD,
  findTokenFormat,
  isCapitalisedLabel,
  isComparedString,
  isConfigFile,
  isExportedValue,
  isKeyRing,
  isLabelOrEnumWord,
  isMarkedPlaceholder,
  isNonSecretShape,
  isNotAValue,
  isPlaceholder,
  isPlaceholderPassword,
  isPublicKey,
  isRandomCredential,
  mayHoldSecret,
  redact,
  SECRET_API_MODULES,
  secretArgumentLiterals,
  secretNameOf,
  staticText,
  suggestedEnvironment,
  templateMayHoldSecret,
  templateTexts,
  urlPasswordOf,
  urlUserInfoOf,
} from '../analysis/secrets';
import { createRule } from '../util/create-rule';

export type Options = [{ allowedPatterns?: string[]; entropyThreshold?: number; checkTestFiles?: boolean }];
export type MessageIds = 'hardcodedSecret' | 'placeholderSecret' | 'secretFallback' | 'useEnvironment';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type SourceCode = Readonly<TSESLint.SourceCode>;

/** A literal that holds a secret: what is reported, and what the suggestion offers. */
interface SecretFinding {
  node: StringNode;
  value: string;
  kind: string;
  /** Set for a fallback: what the literal stands in for (`process.env.JWT_SECRET`). */
  fallbackFor?: string;
  /** The environment variable a suggestion reads instead of the literal. */
  environment?: string;
  /** It reads like a stand-in (`keyboard cat`, `changeme`), but it is the value the app runs with. */
  placeholder?: boolean;
}

/** What the file's path says: configuration, where any named value ships; tests, where only token formats are leaks. */
interface ScanOptions {
  threshold: number;
  configFile: boolean;
  testFile: boolean;
}

/** Shorter values under a secret name are flags and abbreviations, not credentials. */
const MIN_NAMED_SECRET_LENGTH = 4;

/**
 * Item 1, a literal reaching a known API's secret argument. Whatever its wording, it is the key
 * the app runs with (`'keyboard cat'` is the most copied session secret there is), so only an
 * empty value and a public key (`jwt.verify` takes one) are let through; a placeholder is named as
 * such. A connection URL is a secret only for the password in it, on whatever host.
 */
function apiSecretFinding({ reached, secret }: SecretArgumentLiteral): SecretFinding | null {
  const text = staticText(reached.node);
  if (text === null || text.trim() === '') return null;
  let placeholder: boolean;
  if (secret.url) {
    const info = urlUserInfoOf(text);
    if (!info || info.decoded === '') return null;
    placeholder = isPlaceholderPassword(info);
  } else {
    if (isPublicKey(text)) return null;
    placeholder = isPlaceholder(text);
  }
  const environment = suggestedEnvironment(reached, secret);
  return { node: reached.node, value: text, kind: secret.kind, fallbackFor: reached.fallbackFor, environment, placeholder };
}

/** Items 2 and 3: a known token format or (with `urls`) a password in a connection URL, whatever the literal is stored under. */
function formatFinding(node: StringNode, urls: boolean): SecretFinding | null {
  if (node.type === AST_NODE_TYPES.Literal) return formatFindingIn(node, node.value, urls);
  for (const text of templateTexts(node)) {
    const finding = formatFindingIn(node, text, urls);
    if (finding) return finding;
  }
  return null;
}

/** Items 2 and 3 in one text of a literal (a template has one per static part); a format's example value is none. */
function formatFindingIn(node: StringNode, text: string, urls: boolean): SecretFinding | null {
  const format = findTokenFormat(text);
  if (format && !isPlaceholder(text)) return { node, value: text, kind: format.kind };
  if (!urls) return null;
  // A URL inside a sentence (`'use a uri like x://:key@host'`) is documentation, not a connection string.
  if (text.includes('://') && !/\s/.test(text.trim()) && urlPasswordOf(text)) {
    return { node, value: text, kind: 'password in a connection URL' };
  }
  return null;
}

/**
 * A strong-named value in configuration (a config file, or exported by the module), where it is
 * the value the app runs with unless someone replaces it: any value but one marked for
 * replacement (`''`, `${SECRET}`, `<your-key>`, `changeme`), a name or message, or a translated
 * label. A value that only reads like a stand-in (`cookie_secret_here`) ships: named as such.
 */
function configValueFinding(node: StringNode, value: string, name: string, secretName: SecretName): SecretFinding | null {
  if (value.length < MIN_NAMED_SECRET_LENGTH || isMarkedPlaceholder(value) || isNonSecretShape(value, wordsOf(name))) return null;
  if (isCapitalisedLabel(value)) return null;
  return { node, value, kind: secretName.kind, placeholder: isPlaceholder(value) };
}

/** A value under one secret name: strong names and fallbacks need little, weak names need a random-looking value. */
function namedValueFinding(node: StringNode, value: string, name: string, secretName: SecretName, context: LiteralContext, file: ScanOptions, sourceCode: SourceCode): SecretFinding | null {
  const { fallbackFor, arrayLength, inObject } = context;
  if (arrayLength !== undefined && !isKeyRing(name, arrayLength)) return null;
  if (fallbackFor && secretName.strength === 'strong') return { node, value, kind: secretName.kind, fallbackFor };
  if (secretName.strength === 'weak') {
    return isRandomCredential(value, file.threshold) ? { node, value, kind: secretName.kind, fallbackFor } : null;
  }
  if (file.configFile || isExportedValue(node, sourceCode)) return configValueFinding(node, value, name, secretName);
  if (inObject && isLabelOrEnumWord(value)) return null;
  const credentialShaped = value.length >= MIN_NAMED_SECRET_LENGTH && !isPlaceholder(value) && !isNonSecretShape(value, wordsOf(name));
  return credentialShaped ? { node, value, kind: secretName.kind } : null;
}

/** Items 4 and 5: a literal stored under a secret name, directly or as a fallback; the first secret name decides. */
function namedSecretFinding(node: StringNode, sourceCode: SourceCode, file: ScanOptions): SecretFinding | null {
  const value = staticText(node);
  if (value === null || value === '') return null;
  const context = contextOf(node, sourceCode);
  for (const name of context.names) {
    const secretName = secretNameOf(name);
    if (secretName) return namedValueFinding(node, value, name, secretName, context, file, sourceCode);
  }
  return null;
}

/**
 * Items 1 to 5 for a file, at most one finding per literal. Known APIs come first: they name the
 * secret precisely and know which environment variable a suggestion should read. In a test file,
 * passwords and keys are fixtures: only known token formats, real leaks wherever they are, count.
 */
function findSecrets(strings: readonly StringNode[], compared: readonly StringNode[], index: FileIndex, sourceCode: SourceCode, file: ScanOptions): SecretFinding[] {
  const findings = new Map<StringNode, SecretFinding>();
  const keepFirst = (finding: SecretFinding | null) => {
    if (finding && !findings.has(finding.node)) findings.set(finding.node, finding);
  };
  if (!file.testFile) for (const literal of secretArgumentLiterals(index, sourceCode)) keepFirst(apiSecretFinding(literal));
  for (const node of strings) {
    if (isNotAValue(node)) continue;
    keepFirst(file.testFile ? formatFinding(node, false) : (formatFinding(node, true) ?? namedSecretFinding(node, sourceCode, file) ?? acceptedCredentialFinding(node, index)));
  }
  if (!file.testFile) for (const node of compared) keepFirst(acceptedCredentialFinding(node, index));
  return [...findings.values()];
}

/**
 * Item 6, a literal the request's credential is checked against (`req.body.password === 'x'`, a
 * list of accepted API keys): it is the credential itself, however short or word-like.
 */
function acceptedCredentialFinding(node: StringNode, index: FileIndex): SecretFinding | null {
  const kind = acceptedCredentialKind(node, index);
  return kind === null ? null : { node, value: staticText(node) ?? '', kind };
}

function messageIdOf(finding: SecretFinding): MessageIds {
  if (finding.fallbackFor) return 'secretFallback';
  return finding.placeholder ? 'placeholderSecret' : 'hardcodedSecret';
}

const PARENT_SEGMENT = `${path.sep}..${path.sep}`;

/** The working directory as a prefix of the paths below it; one run has one, so the last is kept. */
const cwdPrefix = { cwd: '', prefix: '' };
function prefixOf(cwd: string): string {
  if (cwd !== cwdPrefix.cwd) {
    cwdPrefix.cwd = cwd;
    cwdPrefix.prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  }
  return cwdPrefix.prefix;
}

/** The file's path below the project (the linter's working directory), or its name alone outside it. */
function projectPath(context: Context): string {
  const { cwd, physicalFilename } = context;
  // The usual case, a file below the working directory, without path.relative's normalizing of both
  // paths (a visible share of this rule's time on a file with few strings).
  const prefix = prefixOf(cwd);
  if (physicalFilename.startsWith(prefix) && !physicalFilename.includes(PARENT_SEGMENT)) {
    const below = physicalFilename.slice(prefix.length);
    if (below !== '' && !below.startsWith('..')) return below;
  }
  const relative = path.relative(cwd, physicalFilename);
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(physicalFilename) : relative;
}

/** What the file's path says (see `ScanOptions`). */
function scanOptions(context: Context, threshold: number, checkTestFiles: boolean): ScanOptions {
  const relative = projectPath(context);
  return {
    threshold,
    configFile: isConfigFile(relative),
    testFile: !checkTestFiles && isTestSource(context.physicalFilename, relative),
  };
}

/** A fallback and a placeholder get their own messages; a suggestion is offered only where the analysis names a variable to read. */
function report(context: Context, finding: SecretFinding): void {
  const data = { kind: finding.kind, preview: redact(finding.value), fallbackFor: finding.fallbackFor ?? '' };
  const environment = finding.environment;
  context.report({
    node: finding.node,
    messageId: messageIdOf(finding),
    data,
    suggest: environment
      ? [
          {
            messageId: 'useEnvironment',
            data: { name: environment },
            fix: (fixer) => fixer.replaceText(finding.node, `process.env.${environment}`),
          },
        ]
      : [],
  });
}

const NO_PATTERNS: readonly string[] = [];
const compiledPatterns = new WeakMap<readonly string[], RegExp[]>();

/**
 * The `allowedPatterns` option compiled, once per list: ESLint hands every file a fresh options
 * object, but the list inside it is the configured one.
 */
function allowedPatternsOf(patterns: readonly string[]): RegExp[] {
  let compiled = compiledPatterns.get(patterns);
  if (!compiled) {
    compiled = patterns.map((pattern) => new RegExp(pattern, 'u'));
    compiledPatterns.set(patterns, compiled);
  }
  return compiled;
}

export const noHardcodedSecret = createRule<Options, MessageIds>({
  name: 'no-hardcoded-secret',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow secrets written into source code',
      recommended: true,
      cwe: ['CWE-798', 'CWE-259', 'CWE-321'],
    },
    hasSuggestions: true,
    messages: {
      hardcodedSecret:
        'This {{kind}} is written into the source ({{preview}}); load it from the environment and rotate it.',
      placeholderSecret:
        'This {{kind}} is a placeholder ({{preview}}) that the app runs with; load it from the environment.',
      secretFallback:
        'This {{kind}} falls back to a literal ({{preview}}) when {{fallbackFor}} is unset; fail at startup instead.',
      useEnvironment: 'Read the value from `process.env.{{name}}` instead of the literal.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowedPatterns: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Regular expressions (as strings); a value that matches one of them is never reported.',
          },
          entropyThreshold: {
            type: 'number',
            minimum: 0,
            maximum: 8,
            description:
              'Shannon entropy per character (bits) from which a value under a weak credential name (`token`, `auth`, `credentials`) counts as a secret.',
          },
          checkTestFiles: {
            type: 'boolean',
            description:
              'Report in test files (`*.test.js`, `*.spec.ts`, `test/`, `tests/`, `__tests__/`, `fixtures/`) everything reported elsewhere; by default only known token formats (AWS, GitHub, Slack, Stripe, PEM private keys, …) report there.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowedPatterns: [], entropyThreshold: DEFAULT_ENTROPY_THRESHOLD, checkTestFiles: false }],
  },
  defaultOptions: [{ allowedPatterns: [], entropyThreshold: DEFAULT_ENTROPY_THRESHOLD, checkTestFiles: false }],
  create(context, [options]) {
    const allowed = allowedPatternsOf(options.allowedPatterns ?? NO_PATTERNS);
    const threshold = options.entropyThreshold ?? DEFAULT_ENTROPY_THRESHOLD;
    const sourceCode = context.sourceCode;
    // Only the strings that can be a finding are kept (most are call arguments, operands, or
    // values under names that say nothing); whether the file has any string at all decides
    // whether a known API can be handed one.
    const strings: StringNode[] = [];
    const compared: StringNode[] = [];
    let hasStrings = false;
    return {
      Literal(node) {
        if (typeof node.value !== 'string') return;
        hasStrings = true;
        if (mayHoldSecret(node as TSESTree.StringLiteral)) strings.push(node as TSESTree.StringLiteral);
        else if (isComparedString(node as TSESTree.StringLiteral)) compared.push(node as TSESTree.StringLiteral);
      },
      TemplateLiteral(node) {
        hasStrings = true;
        if (templateMayHoldSecret(node)) strings.push(node);
        else if (isComparedString(node)) compared.push(node);
      },
      'Program:exit'() {
        if (!hasStrings) return;
        const index = getFileIndex(sourceCode);
        if (strings.length === 0 && compared.length === 0 && !index.mayImport(SECRET_API_MODULES)) return;
        const scan = scanOptions(context, threshold, options.checkTestFiles ?? false);
        for (const finding of findSecrets(strings, compared, index, sourceCode, scan)) {
          if (allowed.some((pattern) => pattern.test(finding.value))) continue;
          report(context, finding);
        }
      },
    };
  },
});
