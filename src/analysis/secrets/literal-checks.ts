/**
 * One literal judged on its own: a known token format or a URL password anywhere in its text, or a
 * credential-shaped value stored under a secret name (directly, as a fallback, or in a key ring).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import { looksRandom } from './entropy';
import type { SecretFinding } from './finding';
import type { LiteralContext } from './literal-context';
import { contextOf } from './literal-context';
import type { SecretName } from './names';
import { secretNameOf } from './names';
import { wordsOf } from '../engine/words';
import { isExportedValue } from './config-objects';
import { isCapitalisedLabel, isLabelOrEnumWord, isMarkedPlaceholder, isNonSecretShape, isPlaceholder } from './placeholders';
import type { StringNode } from './string-literals';
import { staticText, templateTexts } from './string-literals';
import { findTokenFormat } from './token-formats';
import { urlPasswordOf } from './urls';

/** Shorter values under a secret name are flags and abbreviations, not credentials. */
const MIN_NAMED_SECRET_LENGTH = 4;
/** Key rings hold the current key and a few previous ones; longer lists are blocklists or fixtures. */
const MAX_KEY_RING_LENGTH = 4;
/** `Bearer abc…`: the scheme of an Authorization value is not part of the secret. */
const AUTH_SCHEMES = ['Bearer ', 'Basic ', 'Token ', 'bearer ', 'basic ', 'token '];

/**
 * An array under a secret name is a key ring (`secrets: [current, previous]`) only when short and
 * plural-named; `badPasswords = ['123456', …]` is a blocklist.
 */
export function isKeyRing(name: string, length: number): boolean {
  const last = wordsOf(name).pop();
  return length <= MAX_KEY_RING_LENGTH && (last === 'secrets' || last === 'keys');
}

/** A credential-shaped value under a weak name (`token`, `authorization`): random-looking, scheme removed. */
export function isRandomCredential(value: string, threshold: number): boolean {
  const scheme = AUTH_SCHEMES.find((prefix) => value.startsWith(prefix));
  const credential = scheme ? value.slice(scheme.length) : value;
  return (
    looksRandom(credential, threshold) &&
    !isPlaceholder(credential) &&
    !isNonSecretShape(credential) &&
    !isMadeOfWords(credential)
  );
}

/**
 * `'?NonExpressionParenEnd'`, `'overEvery'`: capitalised words run together, no digits. Generated
 * keys mix cases in short runs (`aZ8kQ…`), so every part being a word of three letters or more
 * says a person named it.
 */
export function isMadeOfWords(value: string): boolean {
  if (/\d/.test(value)) return false;
  const parts = value.split(/[^A-Za-z]+|(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])/).filter((part) => part !== '');
  return parts.length > 0 && parts.every(isWordPart);
}

/**
 * Two-letter words that join longer ones in names (`InterpolationInTemplate`, `NoLineBreak`).
 * A fixed list, so that two random letters (`qwErTy…`) still do not pass for a word.
 */
const SHORT_WORDS = new Set(['an', 'as', 'at', 'by', 'do', 'go', 'id', 'if', 'in', 'is', 'it', 'no', 'of', 'on', 'or', 'to', 'up']);

function isWordPart(part: string): boolean {
  if (part.length === 2) return SHORT_WORDS.has(part.toLowerCase());
  return part.length >= 3 && /^[A-Z]?[a-z]+$|^[A-Z]+$/.test(part);
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

/** Items 2 and 3 in one text of a literal (a template has one per static part). */
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

/** What a file is, as far as the secret check cares: which positions report, and from which entropy. */
export interface FileContext {
  threshold: number;
  /** The file is named for configuration (`config.js`, `config/env/all.js`). */
  configFile: boolean;
}

/**
 * Whether a name-only literal sits in configuration: in a config file, or exported by the module
 * (in an exported object or on its own). There a value is the one the app runs with unless
 * someone replaces it.
 */
function inConfiguration(node: StringNode, file: FileContext, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return file.configFile || isExportedValue(node, sourceCode);
}

/**
 * A strong-named value in configuration: any value but one marked for replacement (`''`,
 * `${SECRET}`, `<your-key>`, `changeme`), a name or message, or a translated label. A value that
 * only reads like a stand-in (`cookie_secret_here`) is what the app ships with: named as such.
 */
function configValueFinding(node: StringNode, value: string, name: string, secretName: SecretName): SecretFinding | null {
  if (value.length < MIN_NAMED_SECRET_LENGTH || isMarkedPlaceholder(value) || isNonSecretShape(value, wordsOf(name))) return null;
  if (isCapitalisedLabel(value)) return null;
  return { node, value, kind: secretName.kind, placeholder: isPlaceholder(value) };
}

/** A value under one secret name: strong names and fallbacks need little, weak names need a random-looking value. */
function namedValueFinding(
  node: StringNode,
  value: string,
  name: string,
  secretName: SecretName,
  context: LiteralContext,
  file: FileContext,
  sourceCode: Readonly<TSESLint.SourceCode>,
): SecretFinding | null {
  const { fallbackFor, arrayLength, inObject } = context;
  if (arrayLength !== undefined && !isKeyRing(name, arrayLength)) return null;
  if (fallbackFor && secretName.strength === 'strong') return { node, value, kind: secretName.kind, fallbackFor };
  if (secretName.strength === 'weak') {
    return isRandomCredential(value, file.threshold) ? { node, value, kind: secretName.kind, fallbackFor } : null;
  }
  if (inConfiguration(node, file, sourceCode)) return configValueFinding(node, value, name, secretName);
  if (inObject && isLabelOrEnumWord(value)) return null;
  const credentialShaped = value.length >= MIN_NAMED_SECRET_LENGTH && !isPlaceholder(value) && !isNonSecretShape(value, wordsOf(name));
  return credentialShaped ? { node, value, kind: secretName.kind } : null;
}

/** Items 4 and 5: a literal stored under a secret name, directly or as a fallback; the first secret name decides. */
function namedSecretFinding(node: StringNode, sourceCode: Readonly<TSESLint.SourceCode>, file: FileContext): SecretFinding | null {
  const value = staticText(node);
  if (value === null || value === '') return null;
  const context = contextOf(node, sourceCode);
  for (let i = 0; i < context.names.length; i++) {
    const name = context.names[i]!;
    const secretName = secretNameOf(name);
    if (secretName) return namedValueFinding(node, value, name, secretName, context, file, sourceCode);
  }
  return null;
}

/** Items 2 to 5 for one literal: token formats, URL passwords, secret-named bindings, fallbacks. */
export function judgeLiteral(node: StringNode, sourceCode: Readonly<TSESLint.SourceCode>, file: FileContext): SecretFinding | null {
  return formatFinding(node, true) ?? namedSecretFinding(node, sourceCode, file);
}

/** Item 2 alone, for test files: a known token format is a real leak wherever it is written. */
export function tokenFormatFinding(node: StringNode): SecretFinding | null {
  return formatFinding(node, false);
}
