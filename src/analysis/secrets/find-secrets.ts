/**
 * Every secret written into a file: literals that reach a known API's secret argument, and
 * literals that give themselves away by format or by the name they are stored under.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { FileIndex } from '../engine/file-index';
import { acceptedCredentialFinding } from './accepted-credentials';
import type { SecretArgument } from './api-arguments';
import { SECRET_API_MODULES, secretArgumentsOf, secretArgumentValue } from './api-arguments';
import type { SecretFinding } from './finding';
import type { FileContext } from './literal-checks';
import { judgeLiteral, tokenFormatFinding } from './literal-checks';
import { isPlaceholder, isPublicKey } from './placeholders';
import { isPlaceholderPassword, urlUserInfoOf } from './urls';
import type { ReachedLiteral } from './reaching-literals';
import { literalsReaching } from './reaching-literals';
import type { StringNode } from './string-literals';
import { isNotAValue, staticText } from './string-literals';

/**
 * The variable a `process.env.NAME` suggestion reads: the SCREAMING_CASE constant the literal was
 * reached through, else the API's usual variable. None for a fallback, which already reads a
 * variable, nor for an array element, which is one key of several.
 */
export function suggestedEnvironment(reached: ReachedLiteral, secret: SecretArgument): string | undefined {
  const direct = !reached.inArray && !reached.fallbackFor;
  return direct ? (reached.constant ?? secret.environment) : undefined;
}

/**
 * A literal reaching a known API's secret argument. Whatever its wording, it is the key the app
 * runs with (`'keyboard cat'` is the most copied session secret there is), so only an empty value
 * and a public key (`jwt.verify` takes one) are let through; a placeholder is named as such.
 * A connection URL is a secret only for the password in it, on whatever host.
 */
function apiSecretFinding(reached: ReachedLiteral, secret: SecretArgument): SecretFinding | null {
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
  return {
    node: reached.node,
    value: text,
    kind: secret.kind,
    fallbackFor: reached.fallbackFor,
    environment: suggestedEnvironment(reached, secret),
    placeholder,
  };
}

/** Item 1: literals that reach the secret argument of a known API. */
function apiSecretFindings(index: FileIndex, sourceCode: Readonly<TSESLint.SourceCode>): SecretFinding[] {
  const findings: SecretFinding[] = [];
  if (!index.mayImport(SECRET_API_MODULES)) return findings;
  for (const call of index.calls) {
    for (const secret of secretArgumentsOf(call, index)) {
      const value = secretArgumentValue(call, secret, index);
      if (!value) continue;
      for (const reached of literalsReaching(value, index, sourceCode)) {
        const finding = apiSecretFinding(reached, secret);
        if (finding) findings.push(finding);
      }
    }
  }
  return findings;
}

/** How a file is scanned: the entropy threshold, and what its path says it is. */
export interface ScanOptions extends FileContext {
  /** A test or fixture file, where only known token formats are real leaks (unless `checkTestFiles`). */
  testFile: boolean;
}

/**
 * Items 1 to 5 for a file, at most one finding per literal. Known APIs come first: they name the
 * secret precisely and know which environment variable a suggestion should read. In a test file,
 * passwords and keys are fixtures: only known token formats, real leaks wherever they are, count.
 */
export function findSecrets(
  strings: readonly StringNode[],
  index: FileIndex,
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: ScanOptions,
): SecretFinding[] {
  const findings = new Map<StringNode, SecretFinding>();
  const keepFirst = (finding: SecretFinding | null) => {
    if (finding && !findings.has(finding.node)) findings.set(finding.node, finding);
  };
  if (!options.testFile) for (const finding of apiSecretFindings(index, sourceCode)) keepFirst(finding);
  // Plain loops: this runs on every string of every file, where array copies were a visible cost.
  for (let i = 0; i < strings.length; i++) {
    const node = strings[i]!;
    if (isNotAValue(node)) continue;
    keepFirst(options.testFile ? tokenFormatFinding(node) : (judgeLiteral(node, sourceCode, options) ?? acceptedCredentialFinding(node, index)));
  }
  return [...findings.values()];
}
