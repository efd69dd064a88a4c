import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Node } from './ast';
import { calleeName, propertyName, unwrap } from './ast';
import type { FileIndex } from './file-index';

/** Schema methods that check a value and throw or report when it does not fit. */
const SCHEMA_METHODS = new Set([
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
const VALIDATION_MODULES = new Set([
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
export function isValidationCall(call: TSESTree.CallExpression, index: FileIndex): boolean {
  const callee = unwrap(call.callee);
  const origin = index.originOf(callee);
  if (origin && VALIDATION_MODULES.has(origin.module)) return true;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = propertyName(callee);
    if (method === null) return false;
    const object = unwrap(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && NON_VALIDATING_OBJECTS.has(object.name)) return false;
    if (SCHEMA_METHODS.has(method)) return object.type !== AST_NODE_TYPES.ThisExpression || /schema|valid/i.test(method);
    return VALIDATOR_FUNCTION.test(method);
  }
  const name = calleeName(call);
  if (name === null || NON_VALIDATING_FUNCTIONS.has(name)) return false;
  return VALIDATOR_FUNCTION.test(name) || /^(?:plainTo(?:Instance|Class)|validate)$/.test(name);
}

/** The call a node is an argument of, when that call validates. */
export function validatingCallOf(node: Node, index: FileIndex): TSESTree.CallExpression | null {
  let current: Node = node;
  while (current.parent && (current.parent.type === AST_NODE_TYPES.TSAsExpression || current.parent.type === AST_NODE_TYPES.TSNonNullExpression || current.parent.type === AST_NODE_TYPES.ChainExpression)) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
    return null;
  }
  return isValidationCall(parent, index) ? parent : null;
}
