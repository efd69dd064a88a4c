import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Node } from '../engine/ast';
import { calleeName, propertyName, unwrap, walk } from '../engine/ast';
import { nodeMemo } from '../engine/store';
import type { FileIndex } from '../engine/file-index';
import { resolveProjectFunction } from '../cross-file/exports';

/** Schema methods that check a value and throw or report when it does not fit. */
export const SCHEMA_METHODS = new Set([
  'parse',
  'safeParse',
  'parseAsync',
  'safeParseAsync',
  'spa',
  'validate',
  'validateAsync',
  'validateSync',
  'isValid',
  'isValidSync',
  'assert',
  'cast',
  'attempt',
  'getValidatedData',
]);

/** Objects whose `parse`-like methods only convert text: `JSON.parse(req.body)` checks nothing. */
const NON_VALIDATING_OBJECTS = new Set([
  'JSON',
  'JSON5',
  'YAML',
  'yaml',
  'qs',
  'querystring',
  'url',
  'URL',
  'path',
  'Date',
  'Number',
  'BigInt',
  'Math',
  'moment',
  'dayjs',
  'cookie',
  'Object',
  'Array',
  'Promise',
  'Buffer',
  'crypto',
  'bcrypt',
  'res',
  'assert',
  'jwt',
  'jsonwebtoken',
  'response',
]);

/** Modules whose functions validate what they are given. */
export const VALIDATION_MODULES = new Set([
  'zod',
  'joi',
  '@hapi/joi',
  'yup',
  'ajv',
  'valibot',
  'superstruct',
  'typia',
  'class-validator',
  'class-transformer',
  'io-ts',
  'runtypes',
  '@sinclair/typebox',
  'arktype',
  'express-validator',
  'celebrate',
  'validator',
  'fastest-validator',
  'vine',
  '@vinejs/vine',
  'effect',
]);

const VALIDATOR_FUNCTION = /^(?:validat|assert[A-Z_]|sanitiz|ensureValid|check[A-Z_]|parse[A-Z_](?!nt|loat))/;
const NON_VALIDATING_FUNCTIONS = new Set(['parseInt', 'parseFloat', 'checkPrime', 'assert']);

/**
 * Whether a call checks its arguments against a schema or rule set: `schema.parse(x)`,
 * `Joi.attempt(x, s)`, `ajvValidate(x)`, `validateBody(x)`, `plainToInstance(Dto, x)`,
 * `validationResult(req)`. Conversions (`JSON.parse`, `parseInt`) are not validation.
 */
export function isValidationCall(call: TSESTree.CallExpression, index: FileIndex, depth = 0): boolean {
  const callee = unwrap(call.callee);
  const origin = index.originOf(callee);
  if (origin && VALIDATION_MODULES.has(origin.module)) return true;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = propertyName(callee);
    if (method === null) return false;
    const object = unwrap(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && NON_VALIDATING_OBJECTS.has(object.name)) return false;
    if (SCHEMA_METHODS.has(method)) return object.type !== AST_NODE_TYPES.ThisExpression || /schema|valid/i.test(method);
    return VALIDATOR_FUNCTION.test(method) && definitionValidates(call, index, depth);
  }
  const name = calleeName(call);
  if (name === null || NON_VALIDATING_FUNCTIONS.has(name)) return false;
  return (VALIDATOR_FUNCTION.test(name) || /^(?:plainTo(?:Instance|Class)|validate)$/.test(name)) && definitionValidates(call, index, depth);
}

/** How many project functions deep a validator's definition is read. */
const MAX_DEFINITION_DEPTH = 2;

/**
 * A function named like a validator is one unless the project shows its definition doing
 * something else: `userDAO.validateLogin(name, password)` looks the user up and compares a
 * hash, it checks no input. A definition this file or its imports cannot show keeps the name's word.
 */
function definitionValidates(call: TSESTree.CallExpression, index: FileIndex, depth: number): boolean {
  if (depth >= MAX_DEFINITION_DEPTH) return true;
  const defined = resolveProjectFunction(call.callee, index);
  return defined === null || bodyChecksInput(defined.fn, defined.index, depth + 1);
}

const bodyChecksInput = nodeMemo('input checks in bodies', (fn: Node, index: FileIndex, depth: number) => {
  let found = false;
  walk((fn as FunctionLike).body, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'typeof') found = true;
    else if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(node);
      found = name === 'test' || name === 'match' || name === 'isArray' || isValidationCall(node, index, depth);
    }
    return undefined;
  });
  return found;
});
