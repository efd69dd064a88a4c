/**
 * The literals that reach a known API's secret argument (`session({ secret })`, `jwt.sign(p, key)`),
 * and the environment variable a suggestion would read instead.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import type { FileIndex } from '../engine/file-index';
import type { SecretArgument } from './api-arguments';
import { SECRET_API_MODULES, secretArgumentsOf, secretArgumentValue } from './api-arguments';
import type { ReachedLiteral } from './reaching-literals';
import { literalsReaching } from './reaching-literals';

/**
 * The variable a `process.env.NAME` suggestion reads: the SCREAMING_CASE constant the literal was
 * reached through, else the API's usual variable. None for a fallback, which already reads a
 * variable, nor for an array element, which is one key of several.
 */
export function suggestedEnvironment(reached: ReachedLiteral, secret: SecretArgument): string | undefined {
  const direct = !reached.inArray && !reached.fallbackFor;
  return direct ? (reached.constant ?? secret.environment) : undefined;
}

/** A literal that reaches a known API's secret argument, and which argument. */
export interface SecretArgumentLiteral {
  reached: ReachedLiteral;
  secret: SecretArgument;
}

/** Every literal of the file that reaches the secret argument of a known API, in the order of the calls. */
export function secretArgumentLiterals(index: FileIndex, sourceCode: Readonly<TSESLint.SourceCode>): SecretArgumentLiteral[] {
  const found: SecretArgumentLiteral[] = [];
  if (!index.mayImport(SECRET_API_MODULES)) return found;
  for (const call of index.calls) {
    // A call that passes nothing passes no secret: its callee is not traced to its module.
    if (call.arguments.length === 0) continue;
    for (const secret of secretArgumentsOf(call, index)) {
      const value = secretArgumentValue(call, secret, index);
      if (!value) continue;
      for (const reached of literalsReaching(value, index, sourceCode)) found.push({ reached, secret });
    }
  }
  return found;
}
