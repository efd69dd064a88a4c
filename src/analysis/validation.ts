import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from './ast';
import { calleeName, memoizeByNode, propertyName, unwrap, walk } from './ast';
import type { FileIndex } from './file-index';
import type { FunctionLike } from './ast';
import { resolveProjectFunction } from './cross-file/exports';
import type { Handler, Middleware } from './express/model';

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

const bodyChecksInput = memoizeByNode((fn: Node, index: FileIndex, depth: number) => {
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

/** express-validator exports that read the collected result rather than declare a check. */
const RESULT_CHECKS = new Set(['validationResult', 'matchedData']);
/** A middleware factory given a schema validates with it: `validateRequest(createUserSchema)`. */
const SCHEMA_NAME = /schema|dto$|validator$/i;

function isExpressValidatorChain(middleware: Middleware, index: FileIndex): boolean {
  const origin = index.originOf(middleware.node);
  return origin?.module === 'express-validator' && !RESULT_CHECKS.has(origin.path[0] ?? '');
}

/** Whether a function body reads express-validator's result (`validationResult(req)`) or validates itself. */
function checksInside(body: Node, index: FileIndex, resultOnly: boolean): boolean {
  return resultOnly ? readsValidationResult(body, index) : validatesInside(body, index);
}

const readsValidationResult = memoizeByNode((body: Node, index: FileIndex) => scanForChecks(body, index, true));
const validatesInside = memoizeByNode((body: Node, index: FileIndex) => scanForChecks(body, index, false));

function scanForChecks(body: Node, index: FileIndex, resultOnly: boolean): boolean {
  let found = false;
  walk(body, index.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const origin = index.originOf(node.callee);
    if (origin?.module === 'express-validator' && RESULT_CHECKS.has(origin.path[0] ?? '')) found = true;
    else if (!resultOnly && isValidationCall(node, index)) found = true;
    return undefined;
  });
  return found;
}

/**
 * A middleware that validates: classified so, a same-file function that validates, or a factory
 * given a schema. A same-file function whose body the classification read as something else
 * (`validateToken` verifying a JWT, calling a `checkHeader(…)` on the way) is that, not a validator.
 */
function validatesAsMiddleware(middleware: Middleware, index: FileIndex): boolean {
  if (middleware.kinds.has('validation')) return !authenticatesOnly(middleware);
  if (middleware.fn) return !shownOtherwise(middleware) && checksInside(middleware.fn.body, index, false);
  const inner = unwrap(middleware.node);
  if (inner.type !== AST_NODE_TYPES.CallExpression || middleware.via !== 'none') return false;
  return inner.arguments.some((argument) => {
    const value = unwrap(argument);
    if (value.type === AST_NODE_TYPES.Identifier) return SCHEMA_NAME.test(value.name);
    if (value.type === AST_NODE_TYPES.MemberExpression) return SCHEMA_NAME.test(propertyName(value) ?? '') || SCHEMA_NAME.test(calleeOrObjectName(value));
    const origin = index.originOf(value);
    return origin !== null && VALIDATION_MODULES.has(origin.module);
  });
}

/** The body shows the middleware's kinds, and validation is none of them. */
function shownOtherwise(middleware: Middleware): boolean {
  return middleware.via === 'definition' && middleware.kinds.size > 0;
}

/**
 * The body verifies who is calling, and its validation is only a call named like a check
 * (`checkHeader(req.headers.authorization)` on the way to `jwt.verify`): an authentication.
 */
function authenticatesOnly(middleware: Middleware): boolean {
  if (middleware.via !== 'definition' || !middleware.kinds.has('authentication')) return false;
  const shown = middleware.reasons?.get('validation')?.node;
  return shown !== undefined && shown.type === AST_NODE_TYPES.CallExpression && validatesByNameOnly(shown);
}

/** A call counted as validation for its name alone, not a schema's method: `checkHeader(x)`, `auth.validateToken(x)`. */
function validatesByNameOnly(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return !SCHEMA_METHODS.has(propertyName(callee) ?? '');
  return !/^plainTo(?:Instance|Class)$/.test(calleeName(call) ?? '');
}

function calleeOrObjectName(member: TSESTree.MemberExpression): string {
  const object = unwrap(member.object);
  return object.type === AST_NODE_TYPES.Identifier ? object.name : '';
}

/**
 * Whether a route's middleware chain validates the request before `handler` runs. express-validator
 * chains (`body('email').isEmail()`) only declare checks: they count when the handler reads
 * `validationResult(req)`/`matchedData(req)` or any middleware after them checks the result
 * (one from another file is trusted to).
 */
export function chainValidates(
  chain: readonly Middleware[],
  handler: Handler | null,
  index: FileIndex,
  /** The handler's own file, when it is not the chain's. */
  handlerIndex: FileIndex = index,
): boolean {
  let pendingChains = false;
  for (const middleware of chain) {
    if (isExpressValidatorChain(middleware, index)) {
      pendingChains = true;
      continue;
    }
    if (validatesAsMiddleware(middleware, index)) return true;
    if (pendingChains && middleware.fn === null && middleware.kinds.size === 0) return true;
    if (pendingChains && middleware.fn && checksInside(middleware.fn.body, index, true)) return true;
  }
  if (!pendingChains) return false;
  return handler === null || checksInside(handler.fn.body, handlerIndex, true);
}
