import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { Node } from '../engine/ast';
import { calleeName, propertyName, unwrap, walk } from '../engine/ast';
import { nodeMemo } from '../engine/store';
import type { FileIndex } from '../engine/file-index';
import type { Handler, Middleware, Route } from '../express/model';
import { judgedPerChain } from '../express/chains';
import { isValidationCall, SCHEMA_METHODS, VALIDATION_MODULES } from '../libraries/validators';

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

const readsValidationResult = nodeMemo('validation result reads', (body: Node, index: FileIndex) => scanForChecks(body, index, true));
const validatesInside = nodeMemo('validation inside', (body: Node, index: FileIndex) => scanForChecks(body, index, false));

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

/** How far a chain has got: whether it validated, and whether express-validator chains wait for their result to be read. */
interface ChainState {
  validates: boolean;
  pendingChains: boolean;
}

const NOTHING_YET: ChainState = { validates: false, pendingChains: false };

/** The state after `chain`, from `state`. */
function judgeChain(chain: readonly Middleware[], index: FileIndex, state: ChainState): ChainState {
  if (state.validates) return state;
  let pendingChains = state.pendingChains;
  for (const middleware of chain) {
    if (isExpressValidatorChain(middleware, index)) {
      pendingChains = true;
      continue;
    }
    if (validatesAsMiddleware(middleware, index)) return { validates: true, pendingChains };
    if (pendingChains && middleware.fn === null && middleware.kinds.size === 0) return { validates: true, pendingChains };
    if (pendingChains && middleware.fn && checksInside(middleware.fn.body, index, true)) return { validates: true, pendingChains };
  }
  return pendingChains === state.pendingChains ? state : { validates: false, pendingChains };
}

/** The state after a route's chain, the part routes share judged once for them all. */
const stateAfter = judgedPerChain(
  (chain: readonly Middleware[], index: FileIndex) => judgeChain(chain, index, NOTHING_YET),
  (state, added, index) => judgeChain(added, index, state),
);

/**
 * Whether a route's middleware chain validates the request before `handler` runs. express-validator
 * chains (`body('email').isEmail()`) only declare checks: they count when the handler reads
 * `validationResult(req)`/`matchedData(req)` or any middleware after them checks the result
 * (one from another file is trusted to).
 */
export function routeChainValidates(
  route: Pick<Route, 'chainBefore' | 'ownMiddleware'>,
  handler: Handler | null,
  index: FileIndex,
  /** The handler's own file, when it is not the chain's. */
  handlerIndex: FileIndex = index,
): boolean {
  const state = stateAfter(route, index);
  if (state.validates) return true;
  if (!state.pendingChains) return false;
  return handler === null || checksInside(handler.fn.body, handlerIndex, true);
}
