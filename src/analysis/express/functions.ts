import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { FunctionLike, Variable } from '../engine/ast';
import { runtimeParam, runtimeParams } from '../engine/functions';
import type { FileIndex } from '../engine/file-index';
import { fileSlot, storeOf } from '../engine/store';
import type { Handler } from './model';
import type { ExpressParamType } from './types';

// The general helpers live in the engine; the model's callers keep importing them from here.
export { resolveFunction, runtimeParams } from '../engine/functions';

function parameterVariable(fn: FunctionLike, param: TSESTree.Parameter | undefined, index: FileIndex): Variable | null {
  if (!param) return null;
  const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  if (target.type !== AST_NODE_TYPES.Identifier) return null;
  return index.sourceCode.getDeclaredVariables(fn).find((variable) => variable.defs[0]?.name === target) ?? null;
}

/** The handler's view of a function: its request and response parameters. */
export function handlerOf(fn: FunctionLike, index: FileIndex): Handler {
  const params = runtimeParams(fn);
  return {
    fn,
    req: parameterVariable(fn, params[0], index),
    res: parameterVariable(fn, params[1], index),
    reqParam: params[0] ?? null,
  };
}

const REQUEST_NAME = /^_?req(?:uest)?$/i;
const RESPONSE_NAME = /^_?res(?:ponse)?$/i;
const EXPRESS_TYPES = /^(?:Request|Response|RequestHandler|NextFunction|express\.Request|express\.Response)$/;

function typeName(param: TSESTree.Parameter): string | null {
  const annotation = 'typeAnnotation' in param ? param.typeAnnotation?.typeAnnotation : undefined;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return null;
  const name = annotation.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) return name.name;
  if (name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier) {
    return `${name.left.name}.${name.right.name}`;
  }
  return null;
}

function paramName(param: TSESTree.Parameter | undefined): string | null {
  return param?.type === AST_NODE_TYPES.Identifier ? param.name : null;
}

/** `const list: RequestHandler = (req, res) => ...`: typed as a handler where it is declared. */
function isDeclaredAsHandler(fn: FunctionLike): boolean {
  const declarator = fn.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== fn) return false;
  const annotation = declarator.id.typeAnnotation?.typeAnnotation;
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return false;
  const name = annotation.typeName;
  const text = name.type === AST_NODE_TYPES.Identifier ? name.name : name.type === AST_NODE_TYPES.TSQualifiedName ? name.right.name : '';
  return text === 'RequestHandler';
}

const handlerShapedSlot = fileSlot<boolean>('has a handler-shaped function');

/**
 * Whether any function of the file looks like a handler (without type information), answered once
 * per file: the first check asks it, and so does a string compared to what may be a request's
 * field. A handler takes two parameters or is declared with a type, so the others are not asked.
 */
export function hasHandlerShapedFunction(index: FileIndex): boolean {
  return storeOf(index).ensure(handlerShapedSlot, () => {
    const functions = index.functions;
    for (let i = 0; i < functions.length; i++) {
      const fn = functions[i]!;
      const parent = fn.parent;
      const annotated = parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.typeAnnotation !== undefined;
      if ((fn.params.length >= 2 || annotated) && looksLikeHandler(fn)) return true;
    }
    return false;
  });
}

/**
 * `(req, res)` by name, parameters annotated with express's `Request` / `Response`, a
 * `RequestHandler`-typed declaration, or (with typed linting) parameters whose type the
 * checker says is express's.
 */
export function looksLikeHandler(fn: FunctionLike, typeOf: ((param: TSESTree.Node) => ExpressParamType) | null = null): boolean {
  if (isDeclaredAsHandler(fn)) return true;
  const first = runtimeParam(fn, 0);
  const second = runtimeParam(fn, 1);
  if (!first || !second) return false;
  if (typeOf && typeOf(first) === 'Request' && typeOf(second) === 'Response') return true;
  const firstType = typeName(first);
  const secondType = typeName(second);
  if (firstType && secondType) return EXPRESS_TYPES.test(firstType) && EXPRESS_TYPES.test(secondType);
  return REQUEST_NAME.test(paramName(first) ?? '') && RESPONSE_NAME.test(paramName(second) ?? '');
}
